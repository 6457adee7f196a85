package org.edgetune.train;

import org.edgetune.model.AdamW;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.ParameterState;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.StepResult;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.KeyedSampling;
import org.edgetune.util.StreamPurpose;

/**
 * Non-federated LoRA fine-tuning on the pooled training set: the reference that federated runs are
 * compared with. Uses the uncut model; each epoch visits the examples in a keyed shuffled order.
 */
public final class CentralizedTrainer {

  /** Called after every optimisation step and after every epoch's evaluation. */
  public interface Listener {
    void stepped(int epoch, int step, int totalSteps, float loss);

    void evaluated(int epoch, int step, Scores scores);
  }

  /** The trained values and the last evaluation. */
  public record Result(ParameterState lora, ParameterState head, Scores scores, int steps) {}

  private final SplitLoraModel model;
  private final TrainSettings settings;
  private final long seed;

  public CentralizedTrainer(SplitLoraModel model, TrainSettings settings, long seed) {
    this.model = model;
    this.settings = settings;
    this.seed = seed;
  }

  public static int stepsPerEpoch(int examples, int batchSize) {
    return (examples + batchSize - 1) / batchSize;
  }

  public Result train(LabeledTokens trainSet, Evaluator evaluator, Listener listener) {
    AdamW adamW = AdamW.of(settings.learningRate(), settings.weightDecay());
    TrainableState lora = TrainableState.fresh(model.initialLora(seed));
    TrainableState head = TrainableState.fresh(model.initialHead(seed));
    int perEpoch = stepsPerEpoch(trainSet.size(), settings.batchSize());
    int total = perEpoch * settings.epochs();
    int step = 0;
    Scores scores = null;
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      int[] order =
          KeyedSampling.permutation(
              trainSet.size(),
              KeyedRandom.stream(seed, StreamPurpose.CENTRALIZED_ORDER, KeyedRandom.ANY, epoch));
      for (int from = 0; from < order.length; from += settings.batchSize()) {
        int[] rows =
            java.util.Arrays.copyOfRange(
                order, from, Math.min(order.length, from + settings.batchSize()));
        LabeledTokens batch = trainSet.rows(rows);
        long dropoutKey = KeyedRandom.key(seed, StreamPurpose.LORA_DROPOUT, KeyedRandom.ANY, step);
        StepResult result =
            model.step(batch.tokens(), batch.labels(), lora.values(), head.values(), dropoutKey);
        if (settings.trainable().lora()) {
          lora = lora.step(adamW, result.loraGradient());
        }
        head = head.step(adamW, result.headGradient());
        step++;
        listener.stepped(epoch, step, total, result.loss());
      }
      scores = evaluator.evaluate(lora.values(), head.values());
      listener.evaluated(epoch, step, scores);
    }
    return new Result(lora.values(), head.values(), scores, step);
  }
}
