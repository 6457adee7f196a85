package org.edgetune.cli;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.edgetune.actors.Simulation;
import org.edgetune.assembly.RunInputs;
import org.edgetune.dashboard.RunWatcher;
import org.edgetune.model.BertDims;
import org.edgetune.output.OutputDirectory;
import org.edgetune.report.Progress;
import org.edgetune.report.SimulationReport;
import org.edgetune.sim.ResumePoint;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.RunResult;
import org.edgetune.sim.RunSummary;
import org.edgetune.sim.SimulationSettings;

/**
 * One simulation with its progress bar, then its {@code summary.json} and {@code report.html}: what
 * {@code simulate} does once, {@code compare} per policy and {@code experiment} per run.
 */
final class SimulationOutputs {

  /** The finished run and the summary written for it. */
  record Finished(RunResult result, Map<String, Object> summary) {}

  private SimulationOutputs() {}

  /**
   * @param startedNanos when the wall time in the summary starts counting ({@link
   *     System#nanoTime()})
   * @param from the checkpoint to continue from, or null for a run from round 0
   * @param watcher told of the run's start, each round and its summary (the live dashboard)
   */
  static Finished run(
      long startedNanos,
      String task,
      RunInputs in,
      OutputDirectory out,
      ResumePoint from,
      RunWatcher watcher) {
    if (from == null) {
      return run(
          startedNanos,
          task,
          in.settings(),
          in.model().dims(),
          out,
          List.of(),
          progress -> Simulation.run(in, out, progress),
          watcher);
    }
    return run(
        startedNanos,
        task,
        in.settings(),
        in.model().dims(),
        out,
        from.earlier(),
        progress -> Simulation.resume(in, out, from, progress),
        watcher);
  }

  /** Runs a job, wherever its actors live, that reports each round to the progress callback. */
  interface Runner {
    RunResult run(Consumer<RoundRecord> progress);
  }

  /**
   * @param dims the trained model's sizes (the energy model, and so an {@code auto} V, follow them)
   * @param earlier the rounds a resumed run already has (shown on the progress bar first)
   */
  static Finished run(
      long startedNanos,
      String task,
      SimulationSettings settings,
      BertDims dims,
      OutputDirectory out,
      List<RoundRecord> earlier,
      Runner runner,
      RunWatcher watcher) {
    watcher.started(task, settings, earlier);
    RunResult result;
    try (Progress progress = new Progress(task, settings.rounds())) {
      double[] lastAccuracy = {Double.NaN};
      double[] energy = {0};
      Consumer<RoundRecord> advance =
          record -> {
            if (record.accuracy() != null) {
              lastAccuracy[0] = record.accuracy();
            }
            energy[0] += record.roundEnergyJ();
            progress.advanceTo(
                record.round() + 1,
                String.format(
                    "N=%d acc=%.3f energy=%.2fJ", record.nScheduled(), lastAccuracy[0], energy[0]));
          };
      earlier.forEach(advance);
      result = runner.run(advance.andThen(watcher::round));
    }
    Map<String, Object> summary =
        RunSummary.of(settings, dims, result, (System.nanoTime() - startedNanos) / 1e9);
    out.writeJson("summary.json", summary);
    SimulationReport.write(
        out,
        "EdgeTune simulation: " + settings.schedule().policy(),
        summary,
        result,
        settings.schedule().energyBudgetJ());
    watcher.finished(summary);
    return new Finished(result, summary);
  }
}
