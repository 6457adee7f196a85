package org.edgetune.schedule;

/**
 * What a device tells the scheduler at the start of a round: its uplink gain h_k(t), its CPU
 * frequency (for compute time and energy) and whether it can take part at all. A device that did
 * not report in time appears as unavailable with gain 0.
 */
public record ChannelReport(int device, double gain, double cpuHz, boolean available) {}
