package org.edgetune.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.edgetune.wireless.WirelessModel;

/**
 * Runs a policy round by round and does the accounting of DESIGN.md §3 step 6: each scheduled
 * device's energy and latency, the virtual queues, and — if enabled — the budget guard, which
 * refuses a grant that would take a device past its total budget T·Ē_k (a real battery's limit).
 */
public final class Scheduler {

  /**
   * Everything the scheduler carries from one round to the next, so a resumed run decides exactly
   * as an uninterrupted one: the virtual queues, the energy each device spent (the budget guard's
   * account) and the policy's own state.
   */
  public record State(
      String policy, double[] backlogJ, double[] spentJ, SortedMap<String, Long> policyState) {}

  private final SchedulingPolicy policy;
  private final WirelessModel model;
  private final ScheduleSettings settings;
  private final EnergyQueues queues;
  private final double[] spentJ;
  private final double totalBudgetJ;

  public Scheduler(
      SchedulingPolicy policy, WirelessModel model, ScheduleSettings settings, int population) {
    this.policy = policy;
    this.model = model;
    this.settings = settings;
    this.queues = new EnergyQueues(population, settings.energyBudgetJ(), policy.creditJ());
    this.spentJ = new double[population];
    this.totalBudgetJ = settings.rounds() * settings.energyBudgetJ();
  }

  /** A copy of the cross-round state, taken between rounds. */
  public State snapshot() {
    return new State(
        policy.name(), queues.backlogs(), spentJ.clone(), new TreeMap<>(policy.state()));
  }

  /** Continues from a snapshot of a scheduler built with the same settings. */
  public void restore(State state) {
    if (!state.policy().equals(policy.name())) {
      throw new IllegalArgumentException(
          "the checkpoint was taken with policy "
              + state.policy()
              + ", the run uses "
              + policy.name());
    }
    if (state.spentJ().length != spentJ.length) {
      throw new IllegalArgumentException(
          "the checkpoint holds "
              + state.spentJ().length
              + " devices, the run has "
              + spentJ.length);
    }
    queues.restore(state.backlogJ());
    System.arraycopy(state.spentJ(), 0, spentJ, 0, spentJ.length);
    policy.restore(Map.copyOf(state.policyState()));
  }

  /**
   * Decides and accounts round {@code round}; {@code reports.get(k)} is device k's report. The
   * policy's decision is checked ({@link GrantCheck}) before anything is charged.
   *
   * @throws PolicyFailedException when the policy throws or its decision breaks the constraints
   */
  public RoundOutcome step(long round, List<ChannelReport> reports) {
    // Built-in policies read the caller's list and the live queues (they change neither); a plugin
    // gets copies (PluginPolicy).
    RoundDecision decision;
    try {
      decision = policy.decide(new RoundInput(round, settings.rounds(), reports, queues));
    } catch (PolicyFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PolicyFailedException(policy.name(), round, "threw " + e, e);
    }
    List<Grant> grants = GrantCheck.check(policy.name(), round, decision, reports, model);
    int k = reports.size();
    double[] energy = new double[k];
    double[] latency = new double[k];
    List<Grant> kept = new ArrayList<>(grants.size());
    int refused = 0;
    double roundLatency = 0;
    for (Grant g : grants) {
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
    return new RoundOutcome(
        round,
        kept,
        energy,
        latency,
        roundLatency,
        refused,
        decision.objective(),
        queues.mean(),
        queues.max());
  }
}
