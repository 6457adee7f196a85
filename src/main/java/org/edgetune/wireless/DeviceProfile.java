package org.edgetune.wireless;

/** A device's fixed radio and compute facts: where it sits in the cell and how fast it computes. */
public record DeviceProfile(int id, double distanceM, double cpuHz, double pathGain) {}
