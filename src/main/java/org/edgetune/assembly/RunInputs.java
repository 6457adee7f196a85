package org.edgetune.assembly;

import com.typesafe.config.Config;
import org.edgetune.data.TrainTestSplit;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.sim.SimulationSettings;

/**
 * What a run is built from: its settings, the resolved config they were read from (the actor system
 * takes its Pekko section), the frozen model and tokenizer loaded once per JVM, and the corpus
 * split.
 */
public record RunInputs(
    SimulationSettings settings,
    Config config,
    SplitLoraModel model,
    TextTokenizer tokenizer,
    TrainTestSplit split) {}
