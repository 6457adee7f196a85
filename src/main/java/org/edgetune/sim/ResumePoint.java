package org.edgetune.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgetune.checkpoint.CannotResumeException;
import org.edgetune.checkpoint.Checkpoint;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.output.OutputDirectory;

/**
 * Where a stopped run continues: its newest valid checkpoint and the records of the rounds that
 * checkpoint covers, read back from {@code metrics.jsonl} so the summary and report of the resumed
 * run cover the whole run.
 *
 * @param file the checkpoint file, for the log
 * @param earlier the records of rounds 0 .. nextRound − 1, in order
 */
public record ResumePoint(Checkpoint checkpoint, Path file, List<RoundRecord> earlier) {

  /**
   * Finds the resume point of the run in {@code out} without changing anything on disk.
   *
   * @throws CannotResumeException if no checkpoint is valid or the metrics do not reach it
   */
  public static ResumePoint find(OutputDirectory out, CheckpointStore store) {
    // A kill or a full disk can cut metrics.jsonl mid-line, or cut it shorter than the newest
    // checkpoint: then an older checkpoint that the remaining complete lines cover is used.
    long complete = out.completeMetricsLines();
    CheckpointStore.Loaded loaded =
        store.latestValid(
            c ->
                c.metricsLines() <= complete
                    ? null
                    : "it covers "
                        + c.metricsLines()
                        + " metrics lines, but "
                        + out.resolve("metrics.jsonl")
                        + " holds only "
                        + complete
                        + " complete lines");
    Checkpoint checkpoint = loaded.checkpoint();
    List<String> lines;
    try {
      lines = out.readMetrics(checkpoint.metricsLines());
    } catch (IllegalStateException e) {
      throw new CannotResumeException(
          "checkpoint "
              + loaded.file()
              + " covers "
              + checkpoint.metricsLines()
              + " metrics lines: "
              + e.getMessage(),
          e);
    }
    List<RoundRecord> earlier = new ArrayList<>(lines.size());
    for (String line : lines) {
      try {
        earlier.add(OutputDirectory.JSON.readValue(line, RoundRecord.class));
      } catch (JsonProcessingException e) {
        throw new CannotResumeException(
            "line "
                + (earlier.size() + 1)
                + " of "
                + out.resolve("metrics.jsonl")
                + " is not a round record: "
                + e.getOriginalMessage(),
            e);
      }
      if (earlier.get(earlier.size() - 1).round() != earlier.size() - 1) {
        throw new CannotResumeException(
            "line "
                + earlier.size()
                + " of "
                + out.resolve("metrics.jsonl")
                + " is round "
                + earlier.get(earlier.size() - 1).round()
                + ", expected round "
                + (earlier.size() - 1));
      }
    }
    if (earlier.size() != checkpoint.nextRound()) {
      throw new CannotResumeException(
          "checkpoint "
              + loaded.file()
              + " continues at round "
              + checkpoint.nextRound()
              + " but covers "
              + earlier.size()
              + " metrics lines");
    }
    return new ResumePoint(checkpoint, loaded.file(), List.copyOf(earlier));
  }
}
