package org.edgetune.schedule;

/**
 * Decides who transmits in a round and with how much of the band. Policies may keep state across
 * rounds (a round-robin pointer) but never change the queues; the {@link Scheduler} does that.
 */
public interface SchedulingPolicy {

  String name();

  RoundDecision decide(RoundInput input);
}
