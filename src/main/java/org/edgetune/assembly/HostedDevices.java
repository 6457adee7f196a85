package org.edgetune.assembly;

import java.util.List;
import org.edgetune.train.DeviceTrainer;
import org.edgetune.wireless.DeviceProfile;

/**
 * The devices a JVM hosts: each one's trainer over its private shard and its place in the cell,
 * index k for device k. A cluster's server node hosts none.
 */
public record HostedDevices(List<DeviceTrainer> trainers, List<DeviceProfile> profiles) {

  public static final HostedDevices NONE = new HostedDevices(List.of(), List.of());

  public HostedDevices {
    trainers = List.copyOf(trainers);
    profiles = List.copyOf(profiles);
    if (trainers.size() != profiles.size()) {
      throw new IllegalArgumentException(
          trainers.size() + " device trainers but " + profiles.size() + " device profiles");
    }
  }

  public int size() {
    return trainers.size();
  }
}
