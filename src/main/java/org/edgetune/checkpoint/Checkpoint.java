package org.edgetune.checkpoint;

import org.edgetune.schedule.Scheduler;
import org.edgetune.train.Scores;
import org.edgetune.train.ServerTrainer;

/**
 * The state of a run between two rounds, enough to continue it exactly as if it had not stopped.
 *
 * <p>Random-stream positions are not stored because there are none to store: every draw comes from
 * a stream keyed by (seed, purpose, device, round) ({@code util/KeyedRandom}), so {@code nextRound}
 * is the position of every stream. Devices keep nothing across rounds (each round starts from the
 * broadcast head), so only the server and the scheduler are snapshotted.
 *
 * @param nextRound the first round the resumed run plays (rounds before it are done)
 * @param metricsLines lines of {@code metrics.jsonl} this checkpoint covers (one per round done);
 *     lines after them belong to a round that was not checkpointed and are dropped on resume
 * @param server global LoRA and head with their AdamW moments and steps
 * @param scheduler virtual queues, energy spent and the policy's state
 * @param lastScores the latest evaluation (null if none yet), the final scores if no later one
 *     comes
 */
public record Checkpoint(
    long nextRound,
    long metricsLines,
    ServerTrainer.State server,
    Scheduler.State scheduler,
    Scores lastScores) {}
