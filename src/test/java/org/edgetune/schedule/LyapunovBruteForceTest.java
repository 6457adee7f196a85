package org.edgetune.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.edgetune.wireless.WirelessModel;
import org.junit.jupiter.api.Test;

/**
 * The lyapunov policy's per-round choice against enumeration of every subset of the devices, on
 * hostile instances: jointly binding and impossible deadlines, cell-edge and very strong channels,
 * empty and huge queues, V from 1e-6 to 1e12.
 *
 * <p>The oracle shares nothing with the solver but the problem's inputs (the queue weights and the
 * penalty V·w_t·Φ(N) the policy poses, and each device's fixed compute energy and fixed latency).
 * Rates, energies, marginals and deadline shares come from the formulas of DESIGN.md §4, written
 * out here: r(β) = β·B·log2(1 + p·h/(β·B·N0)), E = e + p·U/r. A subset's bandwidth split is found
 * by false position (Illinois) on the Lagrange multiplier, each device's share for a given
 * multiplier by a bracketed Newton iteration on ln β; the solver instead inverts one normalised
 * rate function and runs Newton on ln λ. The policy's grants are priced with the same formulas.
 */
class LyapunovBruteForceTest {

  private static final double LN2 = Math.log(2);

  /** One device of an instance as the oracle sees it. */
  private record Device(int id, double snrShare, double computeJ, double weight, double minShare) {}

  @Test
  void matchesEnumerationOnAThousandHostileInstances() {
    SplittableRandom random = new SplittableRandom(2026);
    int instances = 1_000;
    double worst = 0;
    int bindingDeadline = 0;
    int impossible = 0;
    int nonTrivial = 0;
    for (int instance = 0; instance < instances; instance++) {
      int k = 1 + random.nextInt(12);
      List<ChannelReport> reports = reports(random, k);
      WirelessModel model =
          new WirelessModel(RandomRounds.WIRELESS.withDeadline(deadline(random, reports)));
      ScheduleSettings settings =
          RandomRounds.SCHEDULE.withV(Math.pow(10, -6 + 18 * random.nextDouble()));
      LyapunovPolicy policy = (LyapunovPolicy) Policies.create("lyapunov", settings, model, k, 1);
      long horizon = 1 + random.nextInt(3_000);
      RoundInput input =
          new RoundInput(random.nextLong(horizon), horizon, reports, queues(random, k));

      RoundDecision decision = policy.decide(input);
      PerRoundProblem problem = policy.problem(input);
      List<Device> devices = devices(model, reports, problem);
      double claimed = price(decision, devices, model, problem);
      Enumeration best = enumerate(devices, model, problem);

      assertThat(claimed)
          .as("instance %d", instance)
          .isCloseTo(decision.objective(), within(1e-9 * claimed));
      double gap = (claimed - best.objective()) / best.objective();
      assertThat(gap)
          .as(
              "instance %d, K = %d: claimed %s, enumeration %s",
              instance, k, claimed, best.objective())
          .isBetween(-1e-9, 1e-9);
      worst = Math.max(worst, Math.abs(gap));
      if (best.deadlineBound() >= 2) {
        bindingDeadline++;
      }
      if (devices.stream().allMatch(d -> d.minShare() > 1)) {
        impossible++;
      }
      if (!decision.grants().isEmpty() && decision.grants().size() < devices.size()) {
        nonTrivial++;
      }
    }
    System.out.printf(
        "lyapunov vs enumeration over %d instances: worst |gap| %.3e; optimum with >= 2 devices at "
            + "their deadline share in %d, no device able to meet the deadline in %d, a proper subset chosen in %d%n",
        instances, worst, bindingDeadline, impossible, nonTrivial);
    // The instances must hold what they claim to, or the test proves little.
    assertThat(bindingDeadline).isGreaterThan(instances / 20);
    assertThat(impossible).isGreaterThan(instances / 50);
    assertThat(nonTrivial).isGreaterThan(instances / 4);
  }

  /** Distances from 1 m to 800 m (beyond the cell edge), fading from deep fades to strong peaks. */
  private static List<ChannelReport> reports(SplittableRandom random, int k) {
    List<ChannelReport> reports = new ArrayList<>(k);
    for (int d = 0; d < k; d++) {
      double u = random.nextDouble();
      double distance =
          u < 0.15
              ? 1 + 19 * random.nextDouble()
              : u < 0.35
                  ? 480 + 320 * random.nextDouble()
                  : 50 + 450 * Math.sqrt(random.nextDouble());
      double fading =
          random.nextInt(10) == 0
              ? 1e-3 * random.nextDouble()
              : -Math.log1p(-random.nextDouble()) * 3;
      double cpu = 0.5e9 + 1.5e9 * random.nextDouble();
      reports.add(
          new ChannelReport(d, RandomRounds.WIRELESS.pathGain(distance) * fading, cpu, true));
    }
    return reports;
  }

  /**
   * None (a fifth), impossible for everyone (a tenth: below every device's fixed latency), or the
   * latency of a random device at a random share from 2% to 70% of the band, which makes several
   * devices' deadline shares bind jointly.
   */
  private static double deadline(SplittableRandom random, List<ChannelReport> reports) {
    double u = random.nextDouble();
    WirelessModel plain = new WirelessModel(RandomRounds.WIRELESS);
    if (u < 0.2) {
      return 0;
    }
    if (u < 0.3) {
      double fastest = Double.POSITIVE_INFINITY;
      for (ChannelReport r : reports) {
        fastest = Math.min(fastest, plain.fixedLatencyS(r.gain(), r.cpuHz()));
      }
      return fastest * random.nextDouble();
    }
    ChannelReport r = reports.get(random.nextInt(reports.size()));
    return plain.latencyS(0.02 + 0.68 * random.nextDouble(), r.gain(), r.cpuHz());
  }

  /** Empty, tiny, ordinary and huge (up to 1e6 J) backlogs. */
  private static EnergyQueues queues(SplittableRandom random, int k) {
    EnergyQueues q = new EnergyQueues(k, 0.03);
    double[] energy = new double[k];
    for (int d = 0; d < k; d++) {
      int kind = random.nextInt(4);
      energy[d] =
          switch (kind) {
            case 0 -> 0;
            case 1 -> 0.03 + 1e-9 * random.nextDouble();
            case 2 -> 0.03 + 0.5 * random.nextDouble();
            default -> Math.pow(10, 6 * random.nextDouble());
          };
    }
    q.update(energy);
    return q;
  }

  /**
   * Every device with its weight from the posed problem and its deadline share (> 1: never
   * feasible).
   */
  private static List<Device> devices(
      WirelessModel model, List<ChannelReport> reports, PerRoundProblem p) {
    double[] weight = new double[reports.size()];
    Arrays.fill(weight, Double.NaN);
    for (int i = 0; i < p.costs().size; i++) {
      weight[p.costs().device[i]] = p.costs().weight[i];
    }
    List<Device> devices = new ArrayList<>();
    for (ChannelReport r : reports) {
      double snrShare =
          model.txPowerW() * r.gain() / (model.settings().noisePsdWPerHz() * model.bandwidthHz());
      double least = deadlineShare(model, r, snrShare);
      if (least <= 1) {
        assertThat(weight[r.device()])
            .as("device %d can meet the deadline but is no candidate", r.device())
            .isNotNaN();
      }
      devices.add(
          new Device(
              r.device(), snrShare, model.computeEnergyJ(r.cpuHz()), weight[r.device()], least));
    }
    return devices;
  }

  private static double rate(WirelessModel model, double share, double snrShare) {
    return share * model.bandwidthHz() * Math.log1p(snrShare / share) / LN2;
  }

  private static double energy(WirelessModel model, Device d, double share) {
    return d.computeJ() + model.txPowerW() * model.uplinkBits() / rate(model, share, d.snrShare());
  }

  /**
   * The least share meeting the deadline, by bisection on the rate; 2 if the whole band is too
   * slow.
   */
  private static double deadlineShare(WirelessModel model, ChannelReport r, double snrShare) {
    if (!model.settings().hasDeadline()) {
      return 0;
    }
    double upload = model.settings().deadlineS() - model.fixedLatencyS(r.gain(), r.cpuHz());
    double needed = model.uplinkBits() / upload;
    if (!(upload > 0) || rate(model, 1, snrShare) < needed) {
      return 2;
    }
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 200 && hi - lo > 1e-17 * hi; i++) {
      double mid = (lo + hi) / 2;
      if (rate(model, mid, snrShare) < needed) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /** The policy's objective priced here, checking shares and deadlines on the way. */
  private static double price(
      RoundDecision decision, List<Device> devices, WirelessModel model, PerRoundProblem p) {
    double total = p.penalty().applyAsDouble(decision.grants().size());
    double shares = 0;
    for (Grant g : decision.grants()) {
      Device d = devices.get(g.device());
      assertThat(g.share()).isGreaterThanOrEqualTo(d.minShare() * (1 - 1e-9));
      total += d.weight() * energy(model, d, g.share());
      shares += g.share();
    }
    assertThat(shares).isLessThanOrEqualTo(1 + 1e-12);
    return total;
  }

  private record Enumeration(double objective, int deadlineBound) {}

  private static Enumeration enumerate(List<Device> all, WirelessModel model, PerRoundProblem p) {
    List<Device> feasible = all.stream().filter(d -> d.minShare() <= 1).toList();
    int n = feasible.size();
    double best = p.penalty().applyAsDouble(0);
    int bound = 0;
    // Warm starts carried from subset to subset: ln β per device and the last ln λ.
    double[] logShare = new double[all.size()];
    Arrays.fill(logShare, Double.NaN);
    double[] lastEll = {Double.NaN};
    for (int mask = 1; mask < (1 << n); mask++) {
      List<Device> set = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          set.add(feasible.get(i));
        }
      }
      double[] shares = split(model, set, logShare, lastEll);
      if (shares == null) {
        continue;
      }
      double objective = p.penalty().applyAsDouble(set.size());
      int atDeadline = 0;
      for (int j = 0; j < set.size(); j++) {
        objective += set.get(j).weight() * energy(model, set.get(j), shares[j]);
        if (set.get(j).minShare() > 0 && shares[j] == set.get(j).minShare()) {
          atDeadline++;
        }
      }
      if (objective < best) {
        best = objective;
        bound = atDeadline;
      }
    }
    return new Enumeration(best, bound);
  }

  /**
   * The optimal shares of a set, or null if its deadline shares exceed the band: false position
   * (Illinois) on ℓ = ln λ for Σ_i max(m_i, b_i(λ)) = 1, b_i(λ) solving w_i·(−E_i'(β)) = λ.
   */
  private static double[] split(
      WirelessModel model, List<Device> set, double[] logShare, double[] lastEll) {
    int n = set.size();
    double floors = 0;
    for (Device d : set) {
      floors += d.minShare();
    }
    if (floors > 1) {
      return null;
    }
    double[] z = new double[n];
    double ell = 0;
    for (int j = 0; j < n; j++) {
      double cold = Math.log(Math.max(1.0 / n, set.get(j).minShare()));
      z[j] = Double.isNaN(logShare[set.get(j).id()]) ? cold : logShare[set.get(j).id()];
      ell += logMarginal(model, set.get(j), cold) / n;
    }
    if (!Double.isNaN(lastEll[0])) {
      ell = lastEll[0];
    }
    double[] shares = new double[n];
    double lo = ell;
    double hi = ell;
    double hLo = excess(model, set, lo, z, shares);
    double hHi = hLo;
    // Expand, in doubling steps, until the excess changes sign (positive: the shares want more than
    // the band).
    for (double step = 0.5; hLo < 0; step *= 2) {
      hi = lo;
      hHi = hLo;
      lo -= step;
      hLo = excess(model, set, lo, z, shares);
    }
    for (double step = 0.5; hHi > 0; step *= 2) {
      lo = hi;
      hLo = hHi;
      hi += step;
      hHi = excess(model, set, hi, z, shares);
    }
    int side = 0;
    double h = hLo;
    for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); i++) {
      ell = (lo * hHi - hi * hLo) / (hHi - hLo);
      if (!(ell > lo && ell < hi)) {
        ell = (lo + hi) / 2;
      }
      h = excess(model, set, ell, z, shares);
      if (Math.abs(h) < 1e-13) {
        break;
      }
      if (h > 0) {
        lo = ell;
        hLo = h;
        if (side == 1) {
          hHi /= 2;
        }
        side = 1;
      } else {
        hi = ell;
        hHi = h;
        if (side == -1) {
          hLo /= 2;
        }
        side = -1;
      }
    }
    excess(model, set, ell, z, shares);
    lastEll[0] = ell;
    for (int j = 0; j < n; j++) {
      logShare[set.get(j).id()] = z[j];
    }
    double clamped = 0;
    double free = 0;
    for (int j = 0; j < n; j++) {
      if (shares[j] == set.get(j).minShare()) {
        clamped += shares[j];
      } else {
        free += shares[j];
      }
    }
    for (int j = 0; j < n; j++) {
      if (shares[j] != set.get(j).minShare()) {
        shares[j] *= (1 - clamped) / free;
      }
    }
    return shares;
  }

  /** ln Σ shares at price e^ℓ, the shares written to {@code shares}; z holds warm starts (ln β). */
  private static double excess(
      WirelessModel model, List<Device> set, double ell, double[] z, double[] shares) {
    double sum = 0;
    for (int j = 0; j < set.size(); j++) {
      Device d = set.get(j);
      z[j] = freeLogShare(model, d, ell, z[j]);
      shares[j] = Math.max(d.minShare(), Math.exp(z[j]));
      sum += shares[j];
    }
    return Math.log(sum);
  }

  /** ln β with ln(w·(−E'(β))) = ℓ, by Newton on ln β inside a bracket that bisection keeps. */
  private static double freeLogShare(WirelessModel model, Device d, double ell, double start) {
    double target =
        ell
            - Math.log(
                d.weight() * model.txPowerW() * model.uplinkBits() * LN2 / model.bandwidthHz());
    double lo = -700;
    double hi = 50;
    double x = Math.max(lo, Math.min(hi, start));
    for (int i = 0; i < 300; i++) {
      // ln(−E'/(w·p·U·ln2/B)) = ln(s(q)/(β·ln(1+q))²) and its slope β·(r''/r' − 2·r'/r), q = a/β.
      double beta = Math.exp(x);
      double a = d.snrShare();
      double q = a / beta;
      double log1p = Math.log1p(q);
      double slope = rateSlope(q, log1p);
      double r = beta * log1p;
      double f = Math.log(slope / (r * r)) - target;
      double second = -a * a / (beta * (beta + a) * (beta + a));
      double derivative = beta * (second / slope - 2 * slope / r);
      if (f > 0) {
        lo = x;
      } else {
        hi = x;
      }
      double next = x - f / derivative;
      if (!(next > lo && next < hi)) {
        next = (lo + hi) / 2;
      }
      if (Math.abs(next - x) < 1e-13 * Math.max(1, Math.abs(x))
          || hi - lo < 1e-14 * Math.max(1, Math.abs(x))) {
        return next;
      }
      x = next;
    }
    return x;
  }

  /**
   * ln(w·(−E'(β))) at β = e^x: −E' = p·U·r'/r² with r = (B/ln2)·β·ln(1 + a/β) and r' =
   * (B/ln2)·(ln(1 + a/β) − a/(β + a)), a the share at which the SNR is 1.
   */
  private static double logMarginal(WirelessModel model, Device d, double x) {
    double beta = Math.exp(x);
    double q = d.snrShare() / beta;
    double log1p = Math.log1p(q);
    double r = beta * log1p;
    return Math.log(d.weight() * model.txPowerW() * model.uplinkBits() * LN2 / model.bandwidthHz())
        + Math.log(rateSlope(q, log1p) / (r * r));
  }

  /** ln(1 + q) − q/(1 + q), by its series for small q where the difference cancels. */
  private static double rateSlope(double q, double log1p) {
    if (q > 1e-2) {
      return log1p - q / (1 + q);
    }
    double sum = 0;
    double power = q * q;
    for (int n = 2; n <= 12; n++) {
      sum += (n % 2 == 0 ? 1 : -1) * (n - 1) * power / n;
      power *= q;
    }
    return sum;
  }
}
