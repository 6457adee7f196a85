package org.edgetune.dashboard;

import java.util.List;
import java.util.Map;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.SimulationSettings;

/**
 * What a run tells an onlooker: its start, each round's record right after it reached {@code
 * metrics.jsonl}, and its summary. {@link #round} is called on the run's metrics path and must
 * return at once.
 */
public interface RunWatcher {

  /** For runs without a dashboard. */
  RunWatcher NONE =
      new RunWatcher() {
        @Override
        public void started(String task, SimulationSettings settings, List<RoundRecord> earlier) {}

        @Override
        public void round(RoundRecord record) {}

        @Override
        public void finished(Map<String, Object> summary) {}
      };

  /**
   * @param earlier the rounds a resumed run already has
   */
  void started(String task, SimulationSettings settings, List<RoundRecord> earlier);

  void round(RoundRecord record);

  void finished(Map<String, Object> summary);
}
