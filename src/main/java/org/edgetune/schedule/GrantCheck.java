package org.edgetune.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.edgetune.wireless.WirelessModel;

/**
 * The constraints of the per-round problem (DESIGN.md §5), checked on every policy's decision
 * before anything is charged: a decision at all, grants only for devices that exist, reported
 * available with a positive gain, at most one grant each, shares in (0, 1] summing to at most 1,
 * and — with a deadline — each granted device's latency within it. A breach fails the run with
 * {@link PolicyFailedException}; built-in policies are held to the same rules as plugins.
 */
final class GrantCheck {

  /** Slack for sums and the deadline: the solvers reach their bounds to within rounding. */
  static final double TOLERANCE = 1e-9;

  private GrantCheck() {}

  /**
   * The decision's grants in device order, as an immutable copy (the policy may not change them
   * afterwards), or a {@link PolicyFailedException} naming the first breach.
   */
  static List<Grant> check(
      String policy,
      long round,
      RoundDecision decision,
      List<ChannelReport> reports,
      WirelessModel model) {
    if (decision == null) {
      throw new PolicyFailedException(policy, round, "returned no decision (null)");
    }
    List<Grant> grants = decision.grants();
    if (grants == null) {
      throw new PolicyFailedException(
          policy, round, "returned a decision whose grant list is null");
    }
    int k = reports.size();
    boolean[] granted = new boolean[k];
    double sum = 0;
    boolean sorted = true;
    int previous = -1;
    for (Grant g : grants) {
      if (g == null) {
        throw new PolicyFailedException(policy, round, "returned a null grant");
      }
      int d = g.device();
      if (d < 0 || d >= k) {
        throw new PolicyFailedException(
            policy,
            round,
            "granted device " + d + ", which does not exist (devices 0.." + (k - 1) + ")");
      }
      if (granted[d]) {
        throw new PolicyFailedException(policy, round, "granted device " + d + " twice");
      }
      granted[d] = true;
      sorted &= d > previous;
      previous = d;
      double share = g.share();
      if (!(share > 0 && share <= 1)) {
        throw new PolicyFailedException(
            policy, round, "granted device " + d + " the share " + share + ", outside (0, 1]");
      }
      ChannelReport r = reports.get(d);
      if (!r.available() || !(r.gain() > 0)) {
        throw new PolicyFailedException(
            policy,
            round,
            "granted device "
                + d
                + ", which is not available this round (no report, or unavailable)");
      }
      sum += share;
      if (model.settings().hasDeadline()) {
        double latency = model.latencyS(share, r.gain(), r.cpuHz());
        double deadline = model.settings().deadlineS();
        if (!(latency <= deadline * (1 + TOLERANCE))) {
          throw new PolicyFailedException(
              policy,
              round,
              "granted device "
                  + d
                  + " the share "
                  + share
                  + ", with which it misses the deadline ("
                  + latency
                  + " s > "
                  + deadline
                  + " s)");
        }
      }
    }
    if (!(sum <= 1 + TOLERANCE)) {
      throw new PolicyFailedException(policy, round, "granted shares summing to " + sum + " > 1");
    }
    if (sorted) {
      return List.copyOf(grants);
    }
    List<Grant> ordered = new ArrayList<>(grants);
    ordered.sort(Comparator.comparingInt(Grant::device));
    return List.copyOf(ordered);
  }
}
