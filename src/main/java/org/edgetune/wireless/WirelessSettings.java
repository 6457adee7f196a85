package org.edgetune.wireless;

import com.typesafe.config.Config;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigReader;

/**
 * The cell, radio and device-compute constants of DESIGN.md §4, read once from {@code
 * edgetune.wireless} and validated on load ({@link #from}, the one factory). Units are in the names
 * (SI unless a dB unit is named); see {@code reference.conf} for the meaning of each key.
 *
 * @param devices K
 * @param geometry where devices can be and how the signal fades with distance
 * @param radio the uplink and downlink
 * @param compute the devices' CPUs and the split model's FLOP factors, and the server's rate
 * @param deadlineS the per-round latency deadline (0: none)
 * @param workload what one round of training asks of a device (b, L, d, τ, the model's layers)
 */
public record WirelessSettings(
    int devices,
    Geometry geometry,
    Radio radio,
    Compute compute,
    double deadlineS,
    Workload workload) {

  public static final String SECTION = "edgetune.wireless";

  /**
   * Devices lie between {@code minDistanceM} and {@code radiusM} of the server; path loss in dB.
   */
  public record Geometry(
      double radiusM, double minDistanceM, double pathLossInterceptDb, double pathLossSlopeDb) {
    public Geometry {
      if (minDistanceM >= radiusM) {
        throw new IllegalArgumentException("min distance must be below the cell radius");
      }
    }
  }

  /** The shared uplink band, the devices' and the server's transmit power, the noise. */
  public record Radio(
      double bandwidthHz,
      double txPowerDbm,
      double noisePsdDbmPerHz,
      double downlinkBandwidthHz,
      double serverPowerDbm) {}

  /**
   * Device CPUs (frequency range, κ, cycles per FLOP), the FLOP factors of the split model, the
   * server's rate.
   */
  public record Compute(
      double cpuMinHz,
      double cpuMaxHz,
      double switchedCapacitance,
      double cyclesPerFlop,
      double embeddingFlopsPerValue,
      double headBackwardFactor,
      double encoderBackwardFactor,
      double serverFlopsPerSecond) {
    public Compute {
      if (cpuMinHz > cpuMaxHz) {
        throw new IllegalArgumentException("cpu-min-hz must not exceed cpu-max-hz");
      }
    }
  }

  public static WirelessSettings from(Config root) {
    ConfigReader r = new ConfigReader(root, SECTION);
    int devices = r.intIn("devices", 1, 10_000_000);
    double radius = r.doubleAbove("cell-radius-m", 0, 1e6);
    double minDistance = r.doubleAbove("min-distance-m", 0, 1e6);
    if (minDistance >= radius) {
      throw new ConfigException(
          "config key '"
              + r.key("min-distance-m")
              + "' = "
              + minDistance
              + " must be below '"
              + r.key("cell-radius-m")
              + "' = "
              + radius);
    }
    Geometry geometry =
        new Geometry(
            radius,
            minDistance,
            r.doubleIn("path-loss-intercept-db", 0, 300),
            r.doubleIn("path-loss-slope-db", 0, 100));
    Radio radio =
        new Radio(
            r.doubleAbove("bandwidth-hz", 0, 1e12),
            r.doubleIn("tx-power-dbm", -50, 60),
            r.doubleIn("noise-psd-dbm-per-hz", -250, -100),
            r.doubleAbove("downlink-bandwidth-hz", 0, 1e12),
            r.doubleIn("server-power-dbm", -50, 80));
    double cpuMin = r.doubleAbove("cpu-min-hz", 0, 1e12);
    Compute compute =
        new Compute(
            cpuMin,
            r.doubleIn("cpu-max-hz", cpuMin, 1e12),
            r.doubleAbove("switched-capacitance", 0, 1e-20),
            r.doubleAbove("cycles-per-flop", 0, 1e3),
            r.doubleIn("embedding-flops-per-value", 0, 1e4),
            r.doubleIn("head-backward-factor", 0, 10),
            r.doubleIn("encoder-backward-factor", 0, 10),
            r.doubleAbove("server-flops-per-second", 0, 1e18));
    WirelessSettings s =
        new WirelessSettings(
            devices,
            geometry,
            radio,
            compute,
            r.doubleIn("deadline-s", 0, 1e6),
            Workload.read(r.section("workload")));
    r.rejectUnknownKeys();
    return s;
  }

  /** Whether a per-round latency deadline applies ({@code deadline-s = 0} switches it off). */
  public boolean hasDeadline() {
    return deadlineS > 0;
  }

  public double txPowerW() {
    return dbmToWatts(radio.txPowerDbm());
  }

  public double serverPowerW() {
    return dbmToWatts(radio.serverPowerDbm());
  }

  public double noisePsdWPerHz() {
    return dbmToWatts(radio.noisePsdDbmPerHz());
  }

  /** Device cycles per training sample c: the model's device-side FLOPs times cycles per FLOP. */
  public double cyclesPerSample() {
    return compute.cyclesPerFlop()
        * workload.deviceFlopsPerSample(
            compute.embeddingFlopsPerValue(),
            compute.headBackwardFactor(),
            compute.encoderBackwardFactor());
  }

  /**
   * Server encoder time per split step and device: the encoder's FLOPs for the workload (its
   * layers, d, I, L and b) at the server's rate. At the defaults (MiniLM-L6, b 16, L 64) this is
   * 4.469e10 FLOPs at 2.2347e11 FLOP/s = 0.2 s exactly, the figure measured for a LoRA step.
   */
  public double serverSecondsPerStep() {
    return workload.serverFlopsPerStep(compute.encoderBackwardFactor())
        / compute.serverFlopsPerSecond();
  }

  /** Large-scale gain 10^(−PL/10) with PL = intercept + slope·log10(d / 1 km). */
  public double pathGain(double distanceM) {
    double lossDb =
        geometry.pathLossInterceptDb()
            + geometry.pathLossSlopeDb() * Math.log10(distanceM / 1000.0);
    return Math.pow(10, -lossDb / 10);
  }

  public WirelessSettings withDevices(int k) {
    return new WirelessSettings(k, geometry, radio, compute, deadlineS, workload);
  }

  public WirelessSettings withDeadline(double seconds) {
    return new WirelessSettings(devices, geometry, radio, compute, seconds, workload);
  }

  /** The same cell for the training side's own workload (its b, L, d, τ). */
  public WirelessSettings withWorkload(Workload w) {
    return new WirelessSettings(devices, geometry, radio, compute, deadlineS, w);
  }

  static double dbmToWatts(double dbm) {
    return Math.pow(10, (dbm - 30) / 10);
  }
}
