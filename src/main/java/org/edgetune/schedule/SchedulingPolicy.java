package org.edgetune.schedule;

import java.util.Map;
import java.util.Set;

/**
 * Decides who transmits in a round and with how much of the band. Policies may keep state across
 * rounds (a round-robin pointer) but never change the queues; the {@link Scheduler} does that.
 *
 * <h2>Policies of your own ({@code edgetune.schedule.policy = class:NAME})</h2>
 *
 * A public, non-abstract class implementing this interface, found on {@code --classpath} (or {@code
 * EDGETUNE_CLASSPATH}), with a public constructor taking a {@link PolicyContext} (the cell size,
 * energy budget, deadline, grant costs and bound terms of the run) or none. The contract:
 *
 * <ul>
 *   <li>{@link #decide} is called once per round, in round order, on a thread of its own, with the
 *       round's {@link RoundInput}: the channel report of every device (index = device id; an
 *       unavailable device reports {@code available = false}), and a copy of the energy queues Q_k
 *       — an immutable list and a copy, so changing them changes nothing.
 *   <li>It returns a {@link RoundDecision}: at most one {@link Grant} per device, each for a device
 *       that exists and is available with a positive gain, a share in (0, 1], the shares summing to
 *       at most 1, and — with a deadline — a share at which the device meets it ({@link
 *       PolicyContext#minShareForDeadline}). The objective is free (NaN if the policy does not
 *       optimise one). An empty grant list is a round without updates.
 *   <li>A decision that breaks a rule, a null decision, an exception, or a decision that takes
 *       longer than {@code edgetune.schedule.plugin-timeout-ms} fails the run with one line naming
 *       the class and the round; the checkpoints of the rounds before are kept. Built-in policies
 *       are checked by the same rules.
 *   <li>The scheduler charges each granted device its energy E_k(β_k), updates the queues Q_k(t+1)
 *       = max(Q_k + a_k·E_k − Ē_k, 0) and, if {@code budget-guard} is on, refuses grants past a
 *       device's total budget.
 *   <li>A policy with state across rounds returns it from {@link #state} and takes it back in
 *       {@link #restore}, so that {@code --resume} continues exactly; the name the run records is
 *       {@code class:NAME}, whatever {@link #name} returns. {@link #creditJ} is not consulted for
 *       plugins: their queues floor at 0.
 *   <li>Randomness: key it by {@link PolicyContext#seed()} and the round, so that the same seed
 *       gives the same run (and a resumed run the same decisions).
 * </ul>
 */
public interface SchedulingPolicy {

  /** A short name for logs; the run records a plugin under {@code class:NAME}. */
  String name();

  /** The grants of round {@code input.round()}; see the contract above. */
  RoundDecision decide(RoundInput input);

  /**
   * How far below 0 a device's energy queue may fall (J): budget left unspent is banked as credit
   * up to this much. 0 (no credit) by default; built-in policies only.
   */
  default double creditJ() {
    return 0;
  }

  /**
   * The state the policy carries from round to round, by name (for checkpoints); none by default.
   */
  default Map<String, Long> state() {
    return Map.of();
  }

  /** Sets the state {@link #state()} returned, e.g. from a checkpoint. */
  default void restore(Map<String, Long> state) {
    if (!state.isEmpty()) {
      throw new IllegalArgumentException(
          "policy " + name() + " keeps no state, the checkpoint has " + state.keySet());
    }
  }

  /** The single value {@code key} of a policy's restored state, refusing any other shape. */
  static int restoredInt(String policy, Map<String, Long> state, String key) {
    if (!state.keySet().equals(Set.of(key))) {
      throw new IllegalArgumentException(
          "policy " + policy + " keeps state [" + key + "], the checkpoint has " + state.keySet());
    }
    return Math.toIntExact(state.get(key));
  }
}
