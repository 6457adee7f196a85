package org.edgetune.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.edgetune.actors.DeviceActor;
import org.edgetune.config.ConfigLoader;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.ModelSettings;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.train.DeviceTrainer;
import org.edgetune.wireless.Cell;
import org.edgetune.wireless.DeviceProfile;
import org.edgetune.wireless.WirelessSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgetune bench actors}: heap per idle device actor and the time of a channel-report round
 * trip to every device. All devices share one shard object here, so the figure excludes the data
 * shard (which a real device holds on top) and includes the actor, its trainer and its profile.
 */
@Command(
    name = "actors",
    mixinStandardHelpOptions = true,
    description = "Heap per idle device actor and channel-report round trips for K devices.")
final class BenchActorsCommand implements Callable<Integer> {

  @Option(
      names = "--devices",
      defaultValue = "1000",
      description = "K device actors (default ${DEFAULT-VALUE}).")
  int devices;

  @Override
  public Integer call() throws Exception {
    if (devices < 1) {
      throw new BadInputException("--devices must be at least 1, not " + devices);
    }
    Config config = ConfigLoader.load(null, List.of());
    ModelSettings modelSettings = ModelSettings.fromConfig(config);
    WirelessSettings wireless = WirelessSettings.from(config).withDevices(devices);
    List<DeviceProfile> profiles = Cell.place(wireless, 42);
    try (SplitLoraModel model = SplitLoraModel.load(modelSettings);
        TextTokenizer tokenizer = TextTokenizer.load(modelSettings)) {
      LabeledTokens shard =
          new LabeledTokens(
              tokenizer.encode(Collections.nCopies(16, "Subject: hello\n\nsee you at noon")),
              new int[16]);
      ActorSystem<Void> system =
          ActorSystem.create(
              Behaviors.empty(),
              "bench",
              ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(config));
      try {
        long before = usedHeapAfterGc();
        List<ActorRef<DeviceActor.Command>> refs = new ArrayList<>(devices);
        for (int k = 0; k < devices; k++) {
          DeviceTrainer trainer = new DeviceTrainer(k, shard, model.deviceSide(), 42, 16, 0.01);
          refs.add(
              system.systemActorOf(
                  Behaviors.supervise(DeviceActor.create(trainer, profiles.get(k), 42))
                      .onFailure(SupervisorStrategy.restart()),
                  "device-" + k,
                  org.apache.pekko.actor.typed.Props.empty()));
        }
        double[] roundTripMs = new double[5];
        for (int round = 0; round < roundTripMs.length; round++) {
          long started = System.nanoTime();
          List<CompletableFuture<DeviceActor.ChannelReported>> replies = new ArrayList<>(devices);
          final long r = round;
          for (ActorRef<DeviceActor.Command> ref : refs) {
            replies.add(
                AskPattern.<DeviceActor.Command, DeviceActor.ChannelReported>ask(
                        ref,
                        replyTo -> new DeviceActor.ReportChannel(r, replyTo),
                        Duration.ofSeconds(30),
                        system.scheduler())
                    .toCompletableFuture());
          }
          CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();
          roundTripMs[round] = (System.nanoTime() - started) / 1e6;
        }
        long after = usedHeapAfterGc();
        System.out.printf(
            "| K | heap per idle device actor (excl. shard) | channel-report round trip to all K (ms, rounds 1..5) |%n");
        System.out.printf("|---:|---:|---|%n");
        System.out.printf(
            "| %d | %.1f KB | %s |%n",
            devices,
            (after - before) / 1024.0 / devices,
            java.util.Arrays.stream(roundTripMs)
                .mapToObj(ms -> String.format("%.1f", ms))
                .toList());
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
      }
    }
    return 0;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
