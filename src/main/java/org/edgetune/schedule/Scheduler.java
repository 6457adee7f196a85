package org.edgetune.schedule;

import java.util.ArrayList;
import java.util.List;
import org.edgetune.wireless.WirelessModel;

/**
 * Runs a policy round by round and does the accounting of DESIGN.md §3 step 6: each scheduled
 * device's energy and latency, the virtual queues, and — if enabled — the budget guard, which
 * refuses a grant that would take a device past its total budget T·Ē_k (a real battery's limit).
 */
public final class Scheduler {

  private final SchedulingPolicy policy;
  private final WirelessModel model;
  private final ScheduleSettings settings;
  private final EnergyQueues queues;
  private final double[] spentJ;
  private final double totalBudgetJ;

  public Scheduler(SchedulingPolicy policy, WirelessModel model, ScheduleSettings settings, int population) {
    this.policy = policy;
    this.model = model;
    this.settings = settings;
    this.queues = new EnergyQueues(population, settings.energyBudgetJ());
    this.spentJ = new double[population];
    this.totalBudgetJ = settings.rounds() * settings.energyBudgetJ();
  }

  /** Decides and accounts round {@code round}; {@code reports.get(k)} is device k's report. */
  public RoundOutcome step(long round, List<ChannelReport> reports) {
    RoundDecision decision = policy.decide(new RoundInput(round, settings.rounds(), reports, queues));
    int k = reports.size();
    double[] energy = new double[k];
    double[] latency = new double[k];
    List<Grant> kept = new ArrayList<>(decision.grants().size());
    int refused = 0;
    double roundLatency = 0;
    for (Grant g : decision.grants()) {
      ChannelReport r = reports.get(g.device());
      double e = model.energyJ(g.share(), r.gain(), r.cpuHz());
      if (settings.budgetGuard() && spentJ[g.device()] + e > totalBudgetJ) {
        refused++;
        continue;
      }
      kept.add(g);
      energy[g.device()] = e;
      spentJ[g.device()] += e;
      latency[g.device()] = model.latencyS(g.share(), r.gain(), r.cpuHz());
      roundLatency = Math.max(roundLatency, latency[g.device()]);
    }
    queues.update(energy);
    return new RoundOutcome(round, kept, energy, latency, roundLatency, refused, decision.objective(),
        queues.mean(), queues.max());
  }
}
