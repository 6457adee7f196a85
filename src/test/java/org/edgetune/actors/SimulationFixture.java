package org.edgetune.actors;

import com.typesafe.config.Config;
import java.util.List;
import org.edgetune.config.ConfigLoader;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
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

  SimulationFixture(String... overrides) {
    List<String> all =
        TestCorpus.smallRun(
            "edgetune.schedule.rounds=3",
            "edgetune.federated.eval-every=3",
            "edgetune.federated.round-timeout-s=" + TestTime.seconds(60));
    all.addAll(List.of(overrides));
    config = ConfigLoader.load(null, all);
    settings = SimulationSettings.fromConfig(config);
    model = SplitLoraModel.load(settings.model());
    tokenizer = TextTokenizer.load(settings.model());
    split = CorpusLoader.load(settings.data(), settings.seed());
  }

  SimulationGuardian.Parts parts() {
    return Simulation.parts(settings, model, tokenizer, split);
  }

  @Override
  public void close() {
    tokenizer.close();
    model.close();
  }
}
