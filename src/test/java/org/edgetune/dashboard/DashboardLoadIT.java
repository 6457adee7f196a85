package org.edgetune.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.edgetune.output.OutputDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load test: the same short run (corpus fixture, 4 devices, 6 rounds, its own JVM) once
 * with its dashboard unwatched and once watched by 100 SSE clients on loopback. On two shared cores
 * wall times move by more than 5% from run to run, so the 5% is checked on what the dashboard
 * itself costs the run: the time its metrics path spent publishing plus the CPU time of the
 * dashboard's threads, over the rounds (from the first round's event to the end; the dashboard's
 * start and the clients' connections fall in the model's loading before), against that time. The
 * wall times of both runs are printed and only held to a loose bound that a stalled run would
 * break.
 */
class DashboardLoadIT {

  private static final int ROUNDS = 6;
  private static final int CLIENTS = 100;

  /** The dashboard's stats at a moment of the test's clock. */
  private record Sample(long nanos, JsonNode stats) {
    double cost() {
      return stats.get("publish_seconds").asDouble() + stats.get("server_cpu_seconds").asDouble();
    }
  }

  private record Measured(
      double roundsWallSeconds,
      Sample firstRound,
      Sample last,
      int mostClients,
      List<SseClient> clients) {
    /** The dashboard's cost (publishing plus its threads' CPU) per second of the rounds. */
    double overhead() {
      return (last.cost() - firstRound.cost()) / ((last.nanos() - firstRound.nanos()) / 1e9);
    }
  }

  @Test
  void hundredLiveClientsDoNotSlowTheRounds(@TempDir Path tmp) throws Exception {
    Measured alone = run(tmp.resolve("alone"), 0);
    Measured watched = run(tmp.resolve("watched"), CLIENTS);

    for (SseClient client : watched.clients()) {
      List<Long> rounds = new ArrayList<>();
      for (SseClient.Event e : client.events) {
        if (e.type().equals("round")) {
          rounds.add(OutputDirectory.JSON.readTree(e.data()).get("round").asLong());
        }
      }
      assertThat(rounds).containsExactlyElementsOf(LongStream.range(0, ROUNDS).boxed().toList());
    }
    JsonNode end = watched.last().stats();
    double overhead = watched.overhead();
    double ratio = watched.roundsWallSeconds() / alone.roundsWallSeconds();
    System.out.printf(
        "dashboard load: %d rounds; unwatched %.2f s, %d SSE clients %.2f s (ratio %.3f); during the "
            + "watched rounds (%.1f s) publishing took %.4f s and the dashboard's threads %.3f s CPU = %.2f%%; "
            + "before them (start, %d connections) %.3f s CPU; unwatched %.2f%%; %d clients cut off%n",
        ROUNDS,
        alone.roundsWallSeconds(),
        CLIENTS,
        watched.roundsWallSeconds(),
        ratio,
        (watched.last().nanos() - watched.firstRound().nanos()) / 1e9,
        end.get("publish_seconds").asDouble()
            - watched.firstRound().stats().get("publish_seconds").asDouble(),
        end.get("server_cpu_seconds").asDouble()
            - watched.firstRound().stats().get("server_cpu_seconds").asDouble(),
        100 * overhead,
        CLIENTS,
        watched.firstRound().stats().get("server_cpu_seconds").asDouble(),
        100 * alone.overhead(),
        end.get("cut_off_clients").asLong());
    assertThat(end.get("cut_off_clients").asLong()).isZero();
    // Clients leave once they have the run's "finished" event, while the JVM still writes its
    // report:
    // what counts is that all of them were served at once.
    assertThat(watched.mostClients()).isEqualTo(CLIENTS);
    assertThat(overhead).as("dashboard's cost as a share of the rounds").isLessThan(0.05);
    assertThat(ratio)
        .as("a stalled run would be far slower; shared cores moved it between 0.72 and 1.22")
        .isLessThan(1.5);
  }

  private static Measured run(Path dir, int clients) throws Exception {
    Path out = dir.resolve("run");
    Files.createDirectories(dir);
    List<String> args = List.of("simulate", "--dashboard=0", "--out", out.toString());
    List<SseClient> readers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<Sample> samples = new ArrayList<>();
    try (ChildRun run = ChildRun.start(dir.resolve("child.log"), args, ChildRun.smallRun(ROUNDS))) {
      String url = run.awaitDashboardUrl();
      for (int i = 0; i < clients; i++) {
        SseClient client = new SseClient(url);
        readers.add(client);
        Thread thread = new Thread(() -> read(client, run));
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
      }
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest statsRequest =
          HttpRequest.newBuilder(URI.create(url + "api/stats")).GET().build();
      while (run.process.isAlive()) {
        try {
          String body = http.send(statsRequest, HttpResponse.BodyHandlers.ofString()).body();
          samples.add(new Sample(System.nanoTime(), OutputDirectory.JSON.readTree(body)));
        } catch (java.io.IOException e) {
          // The run has ended and its dashboard with it; the last answer stands.
        }
        Thread.sleep(1000);
      }
      assertThat(run.awaitExit(Duration.ofMinutes(10))).as(Files.readString(run.log)).isZero();
    }
    for (Thread thread : threads) {
      thread.join(30_000);
    }
    JsonNode summary = OutputDirectory.JSON.readTree(out.resolve("summary.json").toFile());
    // The run's start event and the first round's: the rounds are under way.
    Sample firstRound =
        samples.stream()
            .filter(s -> s.stats().get("events").asLong() >= 2)
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("the dashboard never answered during the rounds"));
    int mostClients =
        samples.stream().mapToInt(s -> s.stats().get("clients").asInt()).max().orElse(0);
    return new Measured(
        summary.get("rounds_wall_seconds").asDouble(),
        firstRound,
        samples.get(samples.size() - 1),
        mostClients,
        readers);
  }

  /**
   * Reads until the run's summary arrives, reconnecting (with Last-Event-ID) if the stream ends
   * early.
   */
  private static void read(SseClient client, ChildRun run) {
    try {
      boolean finished = false;
      while (!finished && run.process.isAlive()) {
        client.readUntil(e -> e.type().equals("finished"));
        finished = client.events.stream().anyMatch(e -> e.type().equals("finished"));
      }
    } catch (java.io.IOException e) {
      // The dashboard closed with the run; what was read is checked.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
