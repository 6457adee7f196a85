package org.edgetune.schedule;

import java.util.Map;
import java.util.Set;

/**
 * Decides who transmits in a round and with how much of the band. Policies may keep state across
 * rounds (a round-robin pointer) but never change the queues; the {@link Scheduler} does that.
 */
public interface SchedulingPolicy {

  String name();

  RoundDecision decide(RoundInput input);

  /**
   * How far below 0 a device's energy queue may fall (J): budget left unspent is banked as credit
   * up to this much. 0 (no credit) by default.
   */
  default double creditJ() {
    return 0;
  }

  /** The state the policy carries from round to round, by name (for checkpoints); none by default. */
  default Map<String, Long> state() {
    return Map.of();
  }

  /** Sets the state {@link #state()} returned, e.g. from a checkpoint. */
  default void restore(Map<String, Long> state) {
    if (!state.isEmpty()) {
      throw new IllegalArgumentException("policy " + name() + " keeps no state, the checkpoint has " + state.keySet());
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
