package org.edgetune.faults;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.KeyedSampling;
import org.edgetune.util.StreamPurpose;

/**
 * Which faults strike where and when: the scheduled faults of the plan, and the seeded chaos mode,
 * which strikes each kind with its rate per device and round (per round for server kinds). Every
 * draw comes from a stream keyed by (seed, kind, device, round), so the same seed gives the same
 * faults whatever the timing, and paired runs see identical faults.
 */
public final class FaultPlan {

  public static final FaultPlan NONE = new FaultPlan(0, List.of(), Map.of(), 0, Duration.ZERO);

  private final long seed;
  private final List<Fault> scheduled;
  private final Map<FaultKind, Double> chaosRates;
  private final double chaosLossProbability;
  private final Duration chaosStragglerDelay;

  /**
   * @param chaosRates chance per device and round (per round for server kinds) that a kind strikes
   * @param chaosLossProbability chance that each message is lost while a chaos message-loss fault
   *     holds
   * @param chaosStragglerDelay how late a chaos straggler starts
   */
  public FaultPlan(
      long seed,
      List<Fault> scheduled,
      Map<FaultKind, Double> chaosRates,
      double chaosLossProbability,
      Duration chaosStragglerDelay) {
    this.seed = seed;
    this.scheduled = List.copyOf(scheduled);
    this.chaosRates = chaosRates.isEmpty() ? Map.of() : new EnumMap<>(chaosRates);
    this.chaosLossProbability = chaosLossProbability;
    this.chaosStragglerDelay = chaosStragglerDelay;
  }

  public boolean isEmpty() {
    return scheduled.isEmpty() && chaosRates.values().stream().allMatch(r -> r == 0);
  }

  /**
   * Whether any fault of this kind can strike at all (so wrappers are only installed where needed).
   */
  public boolean mayStrike(FaultKind kind) {
    return scheduled.stream().anyMatch(f -> f.kind() == kind)
        || chaosRates.getOrDefault(kind, 0.0) > 0;
  }

  /**
   * The fault of this kind that strikes the device (any device for server kinds) in the round, if
   * one does.
   */
  public Optional<Fault> strike(FaultKind kind, int device, long round) {
    for (Fault f : scheduled) {
      if (f.hits(kind, device, round)) {
        return Optional.of(f);
      }
    }
    double rate = chaosRates.getOrDefault(kind, 0.0);
    int key = kind.perDevice() ? device : KeyedRandom.ANY;
    if (rate > 0
        && KeyedRandom.stream(seed, StreamPurpose.CHAOS, kind.configName(), key, round).nextDouble()
            < rate) {
      return Optional.of(new Fault(round, kind, key, chaosLossProbability, chaosStragglerDelay));
    }
    return Optional.empty();
  }

  /**
   * Whether the message {@code message} (its type) of step {@code step} to or from the device in
   * the round is lost: only while a message-loss fault holds, then with its probability.
   */
  public boolean loses(int device, long round, String message, int step) {
    Optional<Fault> loss = strike(FaultKind.MESSAGE_LOSS, device, round);
    return loss.isPresent()
        && KeyedRandom.stream(
                    seed,
                    StreamPurpose.MESSAGE_LOSS,
                    message,
                    device,
                    KeyedSampling.roundStep(round, step))
                .nextDouble()
            < loss.get().probability();
  }
}
