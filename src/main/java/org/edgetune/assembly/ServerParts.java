package org.edgetune.assembly;

import org.edgetune.train.Evaluator;
import org.edgetune.train.ServerTrainer;

/** What the edge server wraps: the global state's trainer, the evaluator and its encoder tier. */
public record ServerParts(ServerTrainer trainer, Evaluator evaluator, EncoderTier encoders) {}
