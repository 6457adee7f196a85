package org.edgetune.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgetune.output.OutputDirectory;
import org.edgetune.schedule.Policies;
import org.edgetune.sim.RoundRecord;
import org.edgetune.sim.SimulationSettings;

/**
 * The runs of one command (one for simulate, one per policy for compare, one per planned run for an
 * experiment) as events of a {@link LiveFeed}: {@code run} when one starts, {@code round} with the
 * record exactly as {@code metrics.jsonl} holds it, {@code finished} with its summary. Each event
 * names its run by index, so a page can tell the runs of a session apart.
 */
public final class LiveRuns implements RunWatcher {

  private final LiveFeed feed;
  private int run = -1;

  public LiveRuns(LiveFeed feed) {
    this.feed = feed;
  }

  @Override
  public synchronized void started(
      String task, SimulationSettings settings, List<RoundRecord> earlier) {
    run++;
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("run", run);
    start.put("task", task);
    start.put("policy", settings.schedule().policy());
    start.put("seed", settings.seed());
    start.put("rounds", settings.rounds());
    start.put("devices", settings.devices());
    start.put("energy_budget_j", settings.schedule().energyBudgetJ());
    start.put("energy_credit_j", Policies.creditJ(settings.schedule()));
    start.put("resumed_rounds", earlier.size());
    start.put("started_epoch_ms", System.currentTimeMillis());
    feed.publish("run", start);
    earlier.forEach(this::round);
  }

  @Override
  public synchronized void round(RoundRecord record) {
    ObjectNode event = OutputDirectory.JSON.valueToTree(record);
    event.put("run", run);
    feed.publish("round", event);
  }

  @Override
  public synchronized void finished(Map<String, Object> summary) {
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("run", run);
    end.put("summary", summary);
    feed.publish("finished", end);
  }
}
