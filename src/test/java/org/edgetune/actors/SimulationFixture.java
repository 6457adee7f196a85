package org.edgetune.actors;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.edgetune.assembly.RunAssembly;
import org.edgetune.assembly.RunInputs;
import org.edgetune.assembly.RunParts;
import org.edgetune.config.ConfigLoader;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.output.OutputDirectory;
import org.edgetune.sim.SimulationSettings;
import org.edgetune.testing.TestCorpus;
import org.edgetune.testing.TestTime;

/** A small real simulation: the committed 300-email corpus fixture, the real model, few devices. */
final class SimulationFixture implements AutoCloseable {

  final Config config;
  final SimulationSettings settings;
  final SplitLoraModel model;
  final TextTokenizer tokenizer;
  final TrainTestSplit split;
  private final boolean ownsModel;

  SimulationFixture(String... overrides) {
    this(null, null, overrides);
  }

  private SimulationFixture(
      SplitLoraModel sharedModel, TextTokenizer sharedTokenizer, String... overrides) {
    List<String> all =
        TestCorpus.smallRun(
            "edgetune.schedule.rounds=3",
            "edgetune.federated.eval-every=3",
            "edgetune.federated.round-timeout-s=" + TestTime.seconds(60));
    all.addAll(List.of(overrides));
    config = ConfigLoader.load(null, all);
    settings = SimulationSettings.fromConfig(config);
    ownsModel = sharedModel == null;
    model = ownsModel ? SplitLoraModel.load(settings.model()) : sharedModel;
    tokenizer = ownsModel ? TextTokenizer.load(settings.model()) : sharedTokenizer;
    split = CorpusLoader.load(settings.data(), settings.seed());
  }

  /**
   * Another small run on this fixture's model and tokenizer (loaded once): {@code overrides} may
   * change anything but the model section. Closing it leaves the model to this fixture.
   */
  SimulationFixture sharingModel(String... overrides) {
    SimulationFixture other = new SimulationFixture(model, tokenizer, overrides);
    if (!other.settings.model().equals(settings.model())) {
      throw new IllegalArgumentException(
          "a fixture that shares the model cannot change edgetune.model");
    }
    return other;
  }

  RunInputs inputs() {
    return new RunInputs(settings, config, model, tokenizer, split);
  }

  /** Every part of the run, as {@link Simulation} builds them for one JVM. */
  RunParts parts() {
    return RunAssembly.oneJvm(inputs());
  }

  /**
   * Runs a whole simulation into {@code dir} on this fixture's model, tokenizer and corpus split,
   * configured by {@code overrides} alone (the fixture's own overrides are not added).
   */
  void runInto(Path dir, List<String> overrides) throws IOException {
    Config runConfig = ConfigLoader.load(null, overrides);
    SimulationSettings runSettings = SimulationSettings.fromConfig(runConfig);
    try (OutputDirectory out = new OutputDirectory(dir)) {
      Simulation.run(
          new RunInputs(runSettings, runConfig, model, tokenizer, split), out, record -> {});
    }
  }

  @Override
  public void close() {
    if (ownsModel) {
      tokenizer.close();
      model.close();
    }
  }
}
