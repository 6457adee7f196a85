package org.edgetune.actors;

import com.typesafe.config.Config;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgetune.config.ConfigLoader;
import org.edgetune.data.CorpusLoader;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.sim.SimulationSettings;

/** A small real simulation: the committed 300-email corpus fixture, the real model, few devices. */
final class SimulationFixture implements AutoCloseable {

  final Config config;
  final SimulationSettings settings;
  final SplitLoraModel model;
  final TextTokenizer tokenizer;
  final TrainTestSplit split;

  SimulationFixture(String... overrides) {
    List<String> all = new ArrayList<>(List.of(
        "edgetune.data.archive=\"" + fixtureArchive() + "\"",
        "edgetune.data.partition=iid",
        "edgetune.wireless.devices=4",
        "edgetune.schedule.rounds=3",
        "edgetune.federated.eval-every=3",
        "edgetune.federated.report-timeout-s=2",
        "edgetune.federated.round-timeout-s=60"));
    all.addAll(List.of(overrides));
    config = ConfigLoader.load(null, all);
    settings = SimulationSettings.fromConfig(config);
    model = SplitLoraModel.load(settings.model());
    tokenizer = TextTokenizer.load(settings.model());
    split = CorpusLoader.load(settings.data(), settings.seed());
  }

  static Path fixtureArchive() {
    try {
      return Path.of(SimulationFixture.class.getResource("/corpus-fixture/spam-assassin-fixture.tgz").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
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
