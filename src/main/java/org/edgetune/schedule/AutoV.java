package org.edgetune.schedule;

import org.edgetune.wireless.WirelessSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lyapunov-v = auto}: V chosen by rehearsing the run with the scheduler alone (the {@link
 * ScheduleSimulation} engine: the same cell, seed, channels, horizon and budget, without the guard)
 * as the largest V whose rehearsal keeps every device within (1 − margin)·T·Ē_k. V is searched on a
 * log scale: ×4 steps from 0.1 until the margin is crossed, then bisection to 1% in V, within
 * [{@link #MIN_V}, {@link #MAX_V}]. The rehearsal is deterministic, so a resumed run chooses the
 * same V.
 */
public final class AutoV {

  static final double MIN_V = 1e-6;
  static final double MAX_V = 1e6;
  private static final double START = 0.1;
  private static final Logger LOG = LoggerFactory.getLogger(AutoV.class);

  private AutoV() {}

  /** {@code settings} with V resolved (unchanged when V is a number). */
  public static ScheduleSettings resolve(
      ScheduleSettings settings, WirelessSettings wireless, long seed) {
    if (!settings.autoV()) {
      return settings;
    }
    double limit = 1 - settings.lyapunov().autoVMargin();
    ScheduleSettings rehearsal = settings.withBudgetGuard(false);
    double lo;
    double hi;
    if (keeps(rehearsal, wireless, seed, START, limit)) {
      lo = START;
      hi = lo * 4;
      while (keeps(rehearsal, wireless, seed, hi, limit)) {
        lo = hi;
        if (hi >= MAX_V) {
          return chosen(settings, MAX_V, wireless, seed);
        }
        hi = Math.min(MAX_V, hi * 4);
      }
    } else {
      hi = START;
      lo = hi / 4;
      while (!keeps(rehearsal, wireless, seed, lo, limit)) {
        hi = lo;
        if (lo <= MIN_V) {
          LOG.warn(
              "lyapunov-v = auto: even V = {} takes a device past {} of its budget in rehearsal",
              MIN_V,
              limit);
          return chosen(settings, MIN_V, wireless, seed);
        }
        lo = Math.max(MIN_V, lo / 4);
      }
    }
    while (hi / lo > 1.01) {
      double mid = Math.sqrt(lo * hi);
      if (keeps(rehearsal, wireless, seed, mid, limit)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return chosen(settings, lo, wireless, seed);
  }

  private static boolean keeps(
      ScheduleSettings s, WirelessSettings wireless, long seed, double v, double limit) {
    return new ScheduleSimulation(wireless, s.withV(v), seed).run().maxEnergyRatio() <= limit;
  }

  private static ScheduleSettings chosen(
      ScheduleSettings settings, double v, WirelessSettings wireless, long seed) {
    LOG.info(
        "lyapunov-v = auto: rehearsal of {} (K = {}, T = {}, seed {}, margin {}) chose V = {}",
        settings.policy(),
        wireless.devices(),
        settings.rounds(),
        seed,
        settings.lyapunov().autoVMargin(),
        v);
    return settings.withV(v);
  }
}
