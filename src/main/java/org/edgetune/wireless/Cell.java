package org.edgetune.wireless;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.edgetune.util.KeyedRandom;
import org.edgetune.util.StreamPurpose;

/**
 * Places devices uniformly in the cell's disk outside the minimum distance and draws their CPU
 * frequencies; each device's draws come from its own keyed stream, so adding devices never moves
 * the existing ones.
 */
public final class Cell {

  private Cell() {}

  public static List<DeviceProfile> place(WirelessSettings settings, long seed) {
    List<DeviceProfile> devices = new ArrayList<>(settings.devices());
    double rMin2 = settings.geometry().minDistanceM() * settings.geometry().minDistanceM();
    double rMax2 = settings.geometry().radiusM() * settings.geometry().radiusM();
    for (int k = 0; k < settings.devices(); k++) {
      // Uniform in the annulus: the squared radius is uniform between the two squared radii.
      SplittableRandom place =
          KeyedRandom.stream(seed, StreamPurpose.PLACEMENT, k, KeyedRandom.ANY);
      double distance = Math.sqrt(rMin2 + place.nextDouble() * (rMax2 - rMin2));
      SplittableRandom cpu = KeyedRandom.stream(seed, StreamPurpose.CPU, k, KeyedRandom.ANY);
      double hz =
          settings.compute().cpuMinHz()
              + cpu.nextDouble() * (settings.compute().cpuMaxHz() - settings.compute().cpuMinHz());
      devices.add(new DeviceProfile(k, distance, hz, settings.pathGain(distance)));
    }
    return devices;
  }
}
