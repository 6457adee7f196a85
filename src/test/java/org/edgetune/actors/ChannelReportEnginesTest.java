package org.edgetune.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.edgetune.config.ConfigLoader;
import org.edgetune.schedule.ChannelReport;
import org.edgetune.schedule.ChannelReports;
import org.edgetune.wireless.Cell;
import org.edgetune.wireless.DeviceProfile;
import org.edgetune.wireless.Fading;
import org.edgetune.wireless.WirelessSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The device actors of a simulation and {@code schedule-sim}'s engine report the same channel for
 * the same seed, device and round, so a schedule studied without training is the one a training run
 * sees. Both go through {@link ChannelReport#of}; the gains are also checked against path gain
 * times fading computed here.
 */
class ChannelReportEnginesTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void deviceActorsAndTheSchedulerOnlyEngineDrawTheSameReports() {
    long seed = 7;
    Config config = ConfigLoader.load(null, List.of("edgetune.wireless.devices=6"));
    List<DeviceProfile> profiles = Cell.place(WirelessSettings.from(config), seed);
    List<ActorRef<DeviceActor.Command>> devices = new ArrayList<>();
    for (DeviceProfile profile : profiles) {
      // Reporting the channel needs no trainer.
      devices.add(testKit.spawn(DeviceActor.create(null, profile, seed)));
    }
    TestProbe<DeviceActor.ChannelReported> probe = testKit.createTestProbe();
    for (long round : new long[] {0, 1, 2, 99, 5_000}) {
      List<ChannelReport> fromActors = new ArrayList<>();
      for (ActorRef<DeviceActor.Command> device : devices) {
        device.tell(new DeviceActor.ReportChannel(round, probe.getRef()));
        DeviceActor.ChannelReported reported = probe.receiveMessage();
        assertThat(reported.round()).isEqualTo(round);
        fromActors.add(reported.report());
      }
      assertThat(fromActors).isEqualTo(ChannelReports.forRound(profiles, seed, round));
      for (int k = 0; k < profiles.size(); k++) {
        DeviceProfile p = profiles.get(k);
        assertThat(fromActors.get(k).gain())
            .isEqualTo(p.pathGain() * Fading.power(seed, p.id(), round));
        assertThat(fromActors.get(k).available()).isTrue();
      }
    }
    // A different seed draws a different channel.
    assertThat(ChannelReports.forRound(profiles, seed + 1, 1))
        .isNotEqualTo(ChannelReports.forRound(profiles, seed, 1));
  }
}
