package org.edgetune.schedule;

import java.util.Arrays;
import org.edgetune.wireless.NormalizedRate;
import org.edgetune.wireless.WirelessModel;

/**
 * The candidates of one round as flat arrays (one slot per available device that can meet the
 * deadline), with what the per-round problem needs: the queue weight w, the SNR-bandwidth product s
 * (Hz), the compute energy e (J) and the minimum share the deadline imposes. A candidate's energy
 * is E(β) = e + p·U·ln2 / (s·φ(β·B/s)), see {@link NormalizedRate}.
 *
 * <p>Minimum shares cost an inversion of φ each, and with many devices most are never needed (the
 * deadline does not bind at the shares the search looks at), so they are computed on first use from
 * the normalised rate φ the deadline requires.
 */
final class RoundCosts {

  private static final double LN2 = Math.log(2);

  final int size;
  final int[] device;
  final double[] weight;
  final double[] snrHz;
  final double[] computeJ;

  /** Minimum shares; NaN until computed from {@link #requiredPhi}. */
  private final double[] minShare;

  /** φ(β·B/s) a candidate needs to meet the deadline; 0 when no deadline applies. */
  private final double[] requiredPhi;

  final double bandwidthHz;

  /** p·U·ln 2, so that the uplink energy is this over s·φ(y). */
  final double transmitScale;

  RoundCosts(
      int[] device,
      double[] weight,
      double[] snrHz,
      double[] computeJ,
      double[] minShare,
      double[] requiredPhi,
      double bandwidthHz,
      double transmitJoulesBits) {
    this.size = device.length;
    this.device = device;
    this.weight = weight;
    this.snrHz = snrHz;
    this.computeJ = computeJ;
    this.minShare = minShare;
    this.requiredPhi = requiredPhi;
    this.bandwidthHz = bandwidthHz;
    this.transmitScale = transmitJoulesBits * LN2;
  }

  /**
   * Candidates from the reports: unavailable devices and those that cannot meet the deadline even
   * with the whole band are left out. {@code weights[k]} is device k's queue weight.
   */
  static RoundCosts of(RoundInput input, WirelessModel model, double[] weights) {
    int n = input.reports().size();
    int[] device = new int[n];
    double[] w = new double[n];
    double[] s = new double[n];
    double[] e = new double[n];
    double[] lb = new double[n];
    double[] phi = new double[n];
    boolean deadline = model.settings().hasDeadline();
    double band = model.bandwidthHz();
    int m = 0;
    for (ChannelReport r : input.reports()) {
      if (!r.available() || !(r.gain() > 0)) {
        continue;
      }
      double snr = model.snrBandwidthHz(r.gain());
      double needed = deadline ? model.requiredUplinkBps(r.gain(), r.cpuHz()) * LN2 / snr : 0;
      // Even the whole band is too slow (φ(B/s) < needed covers needed ≥ 1 and ∞ too).
      if (deadline && !(NormalizedRate.phi(band / snr) >= needed)) {
        continue;
      }
      device[m] = r.device();
      w[m] = weights[r.device()];
      s[m] = snr;
      e[m] = model.computeEnergyJ(r.cpuHz());
      lb[m] = deadline ? Double.NaN : 0;
      phi[m] = needed;
      m++;
    }
    return new RoundCosts(
        Arrays.copyOf(device, m),
        Arrays.copyOf(w, m),
        Arrays.copyOf(s, m),
        Arrays.copyOf(e, m),
        Arrays.copyOf(lb, m),
        Arrays.copyOf(phi, m),
        band,
        model.transmitJoulesBits());
  }

  /** The smallest share with which candidate i meets the deadline (0 without one). */
  double minShare(int i) {
    double m = minShare[i];
    if (Double.isNaN(m)) {
      m = NormalizedRate.phiInverse(requiredPhi[i]) * snrHz[i] / bandwidthHz;
      minShare[i] = m;
    }
    return m;
  }

  /** max(share, minShare(i)), settled by one rate evaluation when the minimum is not yet known. */
  double atLeastMinShare(int i, double share) {
    double m = minShare[i];
    if (Double.isNaN(m) && NormalizedRate.phi(share * bandwidthHz / snrHz[i]) >= requiredPhi[i]) {
      return share;
    }
    return Math.max(share, minShare(i));
  }

  /** The same candidates with other weights and (known) minimum shares. */
  RoundCosts with(double[] newWeight, double[] newMinShare) {
    return new RoundCosts(
        device,
        newWeight,
        snrHz,
        computeJ,
        newMinShare,
        new double[size],
        bandwidthHz,
        transmitScale / LN2);
  }

  /**
   * The smallest share at which candidate i spends at most {@code capJ} (+∞ if none does): e +
   * p·U·ln2/(s·φ(y)) ≤ cap ⇔ φ(y) ≥ p·U·ln2 / (s·(cap − e)).
   */
  double shareForEnergyCap(int i, double capJ) {
    double headroom = capJ - computeJ[i];
    if (!(headroom > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    double needed = transmitScale / (snrHz[i] * headroom);
    if (needed >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    return NormalizedRate.phiInverse(needed) * snrHz[i] / bandwidthHz;
  }

  /** E_i(β) in joules. */
  double energy(int i, double share) {
    double y = share * bandwidthHz / snrHz[i];
    return computeJ[i] + transmitScale / (snrHz[i] * NormalizedRate.phi(y));
  }

  /** w_i·E_i(β). */
  double cost(int i, double share) {
    return weight[i] * energy(i, share);
  }

  /**
   * ln of the constant a_i with w_i·(−E_i'(β)) = λ ⇔ φ'(y)/φ(y)² = λ·a_i, y = β·B/s_i: −E'(β) =
   * p·U·ln2·B·φ'(y) / (s²·φ(y)²).
   */
  double lnMarginalScale(int i) {
    return Math.log(snrHz[i] * snrHz[i] / (weight[i] * transmitScale * bandwidthHz));
  }

  /** w_i·(−E_i'(β)): the marginal value of bandwidth to candidate i. */
  double marginal(int i, double share) {
    double y = share * bandwidthHz / snrHz[i];
    double p = NormalizedRate.phi(y);
    return weight[i]
        * transmitScale
        * bandwidthHz
        * NormalizedRate.phiPrime(y)
        / (snrHz[i] * snrHz[i] * p * p);
  }
}
