package org.edgetune.schedule;

/**
 * A device scheduled for the round with its share β_k of the uplink band, 0 < β_k ≤ 1 (the
 * scheduler checks it: {@link SchedulingPolicy}).
 */
public record Grant(int device, double share) {}
