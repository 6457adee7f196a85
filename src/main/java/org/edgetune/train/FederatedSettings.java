package org.edgetune.train;

import com.typesafe.config.Config;
import java.time.Duration;
import org.edgetune.config.ConfigReader;

/**
 * The {@code edgetune.federated} section: how split federated rounds run. The horizon T is {@code
 * edgetune.schedule.rounds} and the device count K is {@code edgetune.wireless.devices}, so the
 * scheduler and the training loop can never disagree about them.
 *
 * @param localLearningRate SGD step of a device's head and its LoRA working copy within a round
 * @param evalEvery M: evaluate on the test split every M rounds (and after the last)
 * @param reportTimeout how long the scheduler waits for channel reports (wall clock)
 * @param roundTimeout how long the server waits for scheduled devices to finish their local steps
 * @param stepTimeout how long an open encoder pass waits for its device's feature gradient
 * @param batchEncoder with τ = 1, run the round's encoder passes as one batch
 * @param roundRetries how often a round is retried after the edge server crashed in it
 * @param encoderWorkers how many encoder workers of the edge server share a round's devices
 * @param engineThreads PyTorch intra-op threads of each thread that runs model work (an encoder
 *     worker, the evaluation, the devices' side); {@link #AUTO_THREADS} for the cores over the
 *     workers
 * @param overlapEvaluation evaluate beside the following rounds (on its own thread, from the global
 *     state after the round) instead of between them; the metrics are the same
 */
public record FederatedSettings(
    double localLearningRate,
    int evalEvery,
    Duration reportTimeout,
    Duration roundTimeout,
    Duration stepTimeout,
    boolean batchEncoder,
    int roundRetries,
    int encoderWorkers,
    int engineThreads,
    boolean overlapEvaluation) {

  public static final String SECTION = "edgetune.federated";

  /** {@code engine-threads = auto}: the machine's cores shared out over the encoder workers. */
  public static final int AUTO_THREADS = 0;

  /** The intra-op threads each model-work thread gets on a machine with {@code cores} cores. */
  public int engineThreadsOn(int cores) {
    return engineThreads == AUTO_THREADS ? Math.max(1, cores / encoderWorkers) : engineThreads;
  }

  public static FederatedSettings fromConfig(Config root) {
    ConfigReader r = new ConfigReader(root, SECTION);
    FederatedSettings settings =
        new FederatedSettings(
            r.doubleAbove("local-learning-rate", 0, 100),
            r.intIn("eval-every", 1, 1_000_000),
            Duration.ofMillis(Math.round(1000 * r.doubleAbove("report-timeout-s", 0, 3600))),
            Duration.ofMillis(Math.round(1000 * r.doubleAbove("round-timeout-s", 0, 86_400))),
            Duration.ofMillis(Math.round(1000 * r.doubleAbove("step-timeout-s", 0, 3600))),
            r.bool("batch-encoder"),
            r.intIn("round-retries", 0, 100),
            r.intIn("encoder-workers", 1, 64),
            engineThreads(r),
            r.bool("evaluation-overlap"));
    r.rejectUnknownKeys();
    return settings;
  }

  private static int engineThreads(ConfigReader r) {
    return "auto".equals(r.string("engine-threads"))
        ? AUTO_THREADS
        : r.intIn("engine-threads", 1, 256);
  }
}
