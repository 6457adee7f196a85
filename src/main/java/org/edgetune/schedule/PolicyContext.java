package org.edgetune.schedule;

import org.edgetune.wireless.WirelessModel;

/**
 * What a scheduling policy may know about the run beyond one round's {@link RoundInput}: the cell's
 * size, the energy budget, the deadline, the cost of a grant and the terms of the learning bound
 * (DESIGN.md §4–5). A plugin policy receives it in its constructor (see {@link SchedulingPolicy}).
 * Read-only, and the same object for the whole run.
 */
public final class PolicyContext {

  private final WirelessModel model;
  private final ScheduleSettings settings;
  private final ConvergenceBound bound;
  private final int devices;
  private final long seed;

  PolicyContext(
      WirelessModel model,
      ScheduleSettings settings,
      ConvergenceBound bound,
      int devices,
      long seed) {
    this.model = model;
    this.settings = settings;
    this.bound = bound;
    this.devices = devices;
    this.seed = seed;
  }

  /** K, the number of devices; device ids are 0 … K−1. */
  public int devices() {
    return devices;
  }

  /** T, the horizon of the run in rounds ({@code edgetune.schedule.rounds}). */
  public int rounds() {
    return settings.rounds();
  }

  /**
   * The run's seed ({@code edgetune.seed}), for a policy that draws at random: key draws by it and
   * the round.
   */
  public long seed() {
    return seed;
  }

  /** Ē_k, the long-term energy budget of each device per round (J). */
  public double energyBudgetJ() {
    return settings.energyBudgetJ();
  }

  /**
   * N of the baselines ({@code edgetune.schedule.devices-per-round}), a size a policy may use or
   * ignore.
   */
  public int devicesPerRound() {
    return settings.devicesPerRound();
  }

  /** T_max, the per-round latency deadline (s); +∞ when none applies. */
  public double deadlineS() {
    return model.settings().hasDeadline() ? model.settings().deadlineS() : Double.POSITIVE_INFINITY;
  }

  /**
   * E_k(β): the energy (J) device {@code report.device()} spends in the round with uplink share β.
   */
  public double energyJ(ChannelReport report, double share) {
    return model.energyJ(share, report.gain(), report.cpuHz());
  }

  /**
   * The device's latency (s) in the round with uplink share β: compute, uplink, downlink, server.
   */
  public double latencyS(ChannelReport report, double share) {
    return model.latencyS(share, report.gain(), report.cpuHz());
  }

  /**
   * The smallest share with which the device meets the deadline: 0 without a deadline, +∞ when no
   * share does. A grant below it fails the run.
   */
  public double minShareForDeadline(ChannelReport report) {
    return model.minShareForDeadline(report.gain(), report.cpuHz());
  }

  /**
   * Whether the device may be granted anything this round: it reported, is available, has a
   * positive gain and can meet the deadline with at most the whole band.
   */
  public boolean schedulable(ChannelReport report) {
    return report.available() && report.gain() > 0 && minShareForDeadline(report) <= 1;
  }

  /** w_t = ρ^(T−1−t), the bound's weight of round t. */
  public double boundWeight(long round) {
    return bound.weight(round, settings.rounds());
  }

  /** Φ(N) = σ²/(N·b) + G²·(K−N)/(N·(K−1)) for N ≥ 1, and the no-update penalty Φ(0). */
  public double phi(int scheduled) {
    return bound.phi(scheduled);
  }
}
