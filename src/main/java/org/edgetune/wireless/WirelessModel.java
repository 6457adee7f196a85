package org.edgetune.wireless;

/**
 * Rates, latencies and energies of DESIGN.md §4 for one workload. A device's uplink energy in a
 * round is E(β) = κ·c·τ·b·f² + p·U / r(β) with the FDMA rate r(β) = β·B·log2(1 + p·h/(β·B·N0)); its
 * latency adds its compute time, the downlink and the server's steps to the upload time.
 */
public final class WirelessModel {

  private static final double LN2 = Math.log(2);

  private final WirelessSettings settings;
  private final double uplinkBits;
  private final double downlinkBits;
  private final double cyclesPerRound;
  private final double txPowerW;
  private final double noisePsd;

  public WirelessModel(WirelessSettings settings) {
    this.settings = settings;
    Workload w = settings.workload();
    this.uplinkBits = w.uplinkBits();
    this.downlinkBits = w.downlinkBits();
    this.cyclesPerRound = settings.cyclesPerSample() * w.localSteps() * w.batchSize();
    this.txPowerW = settings.txPowerW();
    this.noisePsd = settings.noisePsdWPerHz();
  }

  public WirelessSettings settings() {
    return settings;
  }

  public double uplinkBits() {
    return uplinkBits;
  }

  public double downlinkBits() {
    return downlinkBits;
  }

  public double bandwidthHz() {
    return settings.radio().bandwidthHz();
  }

  public double txPowerW() {
    return txPowerW;
  }

  /** p·U: the uplink energy is this divided by the rate. */
  public double transmitJoulesBits() {
    return txPowerW * uplinkBits;
  }

  /** s = p·h/N0 in Hz: the bandwidth at which the SNR would be 1. */
  public double snrBandwidthHz(double gain) {
    return txPowerW * gain / noisePsd;
  }

  /** κ·c·τ·b·f²: the device's compute energy for the round. */
  public double computeEnergyJ(double cpuHz) {
    return settings.compute().switchedCapacitance() * cyclesPerRound * cpuHz * cpuHz;
  }

  /** τ·b·c/f. */
  public double computeLatencyS(double cpuHz) {
    return cyclesPerRound / cpuHz;
  }

  /**
   * Downlink time at the server's power over the whole downlink band: the server sends only a small
   * payload, so it is counted in latency only and not shared like the uplink.
   */
  public double downlinkLatencyS(double gain) {
    double b = settings.radio().downlinkBandwidthHz();
    double rate = b * Math.log1p(settings.serverPowerW() * gain / (b * noisePsd)) / LN2;
    return downlinkBits / rate;
  }

  public double serverLatencyS() {
    return settings.workload().localSteps() * settings.serverSecondsPerStep();
  }

  /** Latency that does not depend on the uplink share: compute, downlink and server steps. */
  public double fixedLatencyS(double gain, double cpuHz) {
    return computeLatencyS(cpuHz) + downlinkLatencyS(gain) + serverLatencyS();
  }

  /** r = β·B·log2(1 + p·h/(β·B·N0)) in bit/s. */
  public double uplinkRate(double share, double gain) {
    double hz = share * settings.radio().bandwidthHz();
    return hz * Math.log1p(txPowerW * gain / (hz * noisePsd)) / LN2;
  }

  public double energyJ(double share, double gain, double cpuHz) {
    return computeEnergyJ(cpuHz) + txPowerW * uplinkBits / uplinkRate(share, gain);
  }

  public double latencyS(double share, double gain, double cpuHz) {
    return fixedLatencyS(gain, cpuHz) + uplinkBits / uplinkRate(share, gain);
  }

  /**
   * The uplink rate (bit/s) that meets the deadline: 0 without a deadline, +∞ when compute,
   * downlink and server time alone exceed it.
   */
  public double requiredUplinkBps(double gain, double cpuHz) {
    if (!settings.hasDeadline()) {
      return 0;
    }
    double uploadTime = settings.deadlineS() - fixedLatencyS(gain, cpuHz);
    return uploadTime > 0 ? uplinkBits / uploadTime : Double.POSITIVE_INFINITY;
  }

  /**
   * The smallest uplink share that meets the deadline: 0 without a deadline, +∞ when no share (not
   * even the whole band, nor an unlimited one) is fast enough.
   */
  public double minShareForDeadline(double gain, double cpuHz) {
    if (!settings.hasDeadline()) {
      return 0;
    }
    double s = snrBandwidthHz(gain);
    double neededPhi = requiredUplinkBps(gain, cpuHz) * LN2 / s;
    if (!(neededPhi < 1)) {
      return Double.POSITIVE_INFINITY;
    }
    return NormalizedRate.phiInverse(neededPhi) * s / settings.radio().bandwidthHz();
  }
}
