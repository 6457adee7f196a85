package org.edgetune.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.edgetune.output.OutputDirectory;
import org.edgetune.sim.RoundRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard over real HTTP on loopback (port 0): live stream, resume, slow clients, browsing,
 * refusals.
 */
class DashboardServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(DashboardServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void aReconnectingClientGetsExactlyTheMissingEventsWhileTheRunGoesOn() throws Exception {
    LiveFeed feed = new LiveFeed();
    int n = 400;
    try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, feed, null)) {
      Thread publisher =
          new Thread(
              () -> {
                for (int i = 0; i < n; i++) {
                  feed.publish("round", Map.of("round", i));
                  if (i % 20 == 0) {
                    sleep(5);
                  }
                }
              });
      publisher.start();
      SseClient client = new SseClient(server.url());
      // Drop the connection every 37 events and come back with Last-Event-ID.
      while (client.lastId() < n) {
        long from = client.lastId();
        client.readUntil(e -> e.id() >= Math.min(n, from + 37));
      }
      publisher.join();
      assertThat(client.events)
          .extracting(SseClient.Event::id)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
      assertThat(client.events.get(n - 1).data()).isEqualTo("{\"round\":" + (n - 1) + "}");
      assertThat(client.events).allMatch(e -> e.type().equals("round"));
      assertThat(client.connections).isGreaterThan(n / 37);
    }
  }

  /**
   * A client that never reads fills its socket and then its queue and is cut off; a reading client
   * meanwhile gets every event, and publishing never waited for either.
   */
  @Test
  void aStuckClientIsCutOffWithoutStallingTheRunOrOtherClients() throws Exception {
    LiveFeed feed = new LiveFeed();
    int n = 3000;
    String payload = "x".repeat(8000);
    try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, feed, null);
        Socket stuck = new Socket()) {
      stuck.setReceiveBufferSize(4096);
      stuck.connect(server.address());
      OutputStream request = stuck.getOutputStream();
      request.write(
          "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      request.flush();
      awaitClients(feed, 1);
      SseClient reader = new SseClient(server.url());
      Thread reading =
          new Thread(
              () -> {
                try {
                  while (reader.lastId() < n) {
                    reader.readUntil(e -> e.id() >= n);
                  }
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      reading.start();
      awaitClients(feed, 2);
      double longest = 0;
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        feed.publish("round", Map.of("round", i, "padding", payload));
        longest = Math.max(longest, (System.nanoTime() - start) / 1e9);
        if (i % 10 == 0) {
          sleep(2);
        }
      }
      reading.join(60_000);
      LiveFeed.Stats stats = feed.stats();
      System.out.printf(
          "stuck client: %d events of 8 kB, %d cut off, publishing %.3f s in all, longest %.2f ms%n",
          n, stats.cutOffs(), stats.publishSeconds(), longest * 1e3);
      assertThat(stats.cutOffs()).isGreaterThanOrEqualTo(1);
      assertThat(reader.events)
          .extracting(SseClient.Event::id)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
      // Non-blocking offers: 3000 events with two clients take milliseconds, not the seconds a
      // blocked write would.
      assertThat(stats.publishSeconds()).isLessThan(2.0);
    }
  }

  @Test
  void aMalformedOrUnknownLastEventIdIsABadRequest() throws Exception {
    LiveFeed feed = new LiveFeed();
    feed.publish("run", Map.of());
    try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, feed, null)) {
      for (String id : List.of("abc", "7", "-1")) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "api/events"))
                    .header("Last-Event-ID", id)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(id).isEqualTo(400);
        assertThat(r.body()).contains(id);
      }
    }
  }

  @Test
  void browsesRunsAndExperimentsAndComparesTheirNumbers(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("runs");
    writeRun(root.resolve("compare-1/lyapunov"), "lyapunov", 3);
    writeRun(root.resolve("compare-1/full"), "full", 2);
    Path experiment = root.resolve("exp");
    Files.createDirectories(experiment);
    Files.writeString(experiment.resolve("suite.conf"), "experiment { }\n");
    Files.writeString(experiment.resolve("accuracy.csv"), "x,series,mean\n1,lyapunov,0.9\n");
    Files.write(experiment.resolve("accuracy.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    writeRun(experiment.resolve("runs/a"), "random", 1);
    try (DashboardServer server =
        DashboardServer.start("127.0.0.1", 0, null, new RunBrowser(root))) {
      JsonNode list = OutputDirectory.JSON.readTree(get(server, "api/runs").body());
      assertThat(list.get("runs").findValuesAsText("id"))
          .containsExactly("compare-1/full", "compare-1/lyapunov", "exp/runs/a");
      assertThat(list.get("experiments").findValuesAsText("id")).containsExactly("exp");
      JsonNode run =
          OutputDirectory.JSON.readTree(
              get(server, "api/run?id=" + q("compare-1/lyapunov")).body());
      assertThat(run.get("records")).hasSize(3);
      assertThat(run.get("records").get(2).get("round_energy_j").asDouble()).isEqualTo(0.75);
      assertThat(run.get("summary").get("policy").asText()).isEqualTo("lyapunov");
      assertThat(run.get("config").asText()).contains("policy = lyapunov");
      JsonNode exp = OutputDirectory.JSON.readTree(get(server, "api/experiment?id=exp").body());
      assertThat(exp.get("figures").get(0).asText()).isEqualTo("accuracy.png");
      assertThat(exp.get("tables").get(0).asText()).isEqualTo("accuracy.csv");
      HttpResponse<String> csv = get(server, "api/file?dir=exp&name=accuracy.csv");
      assertThat(csv.statusCode()).isEqualTo(200);
      assertThat(csv.body()).contains("lyapunov,0.9");
      assertThat(get(server, "api/mode").body())
          .contains("\"live\":false")
          .contains("\"runs\":true");
      assertThat(get(server, "api/events").statusCode()).isEqualTo(404);
      assertThat(get(server, "").body()).contains("<title>EdgeTune dashboard</title>");
      assertThat(get(server, "charts.js").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void unknownRunsAre404AndMalformedRequests400(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("runs");
    writeRun(root.resolve("r1"), "lyapunov", 1);
    try (DashboardServer server =
        DashboardServer.start("127.0.0.1", 0, null, new RunBrowser(root))) {
      HttpResponse<String> unknown = get(server, "api/run?id=nope");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("no run 'nope'");
      assertThat(get(server, "api/run").statusCode()).isEqualTo(400);
      assertThat(get(server, "api/run").body()).contains("missing query parameter 'id'");
      assertThat(get(server, "api/file?dir=r1").statusCode()).isEqualTo(400);
      assertThat(get(server, "api/file?dir=r1&name=model.bin").statusCode()).isEqualTo(400);
      assertThat(get(server, "api/file?dir=r1&name=absent.json").statusCode()).isEqualTo(404);
      assertThat(get(server, "api/file?dir=r1&name=summary.json").statusCode()).isEqualTo(200);
      assertThat(get(server, "api/nothing").statusCode()).isEqualTo(404);
    }
  }

  /**
   * Names that climb out of the root, absolute paths and symbolic links never reach a file outside
   * it.
   */
  @Test
  void pathTraversalIsRefused(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("runs");
    writeRun(root.resolve("r1"), "lyapunov", 1);
    Path outside = tmp.resolve("outside");
    writeRun(outside, "secret", 1);
    Files.writeString(outside.resolve("secret.json"), "{\"secret\":true}");
    Files.createSymbolicLink(root.resolve("linked-run"), outside);
    Files.createSymbolicLink(root.resolve("r1/secret.json"), outside.resolve("secret.json"));
    try (DashboardServer server =
        DashboardServer.start("127.0.0.1", 0, null, new RunBrowser(root))) {
      for (String id :
          List.of(
              "..",
              "../outside",
              "r1/../../outside",
              outside.toString(),
              "/etc",
              "linked-run",
              "./r1")) {
        HttpResponse<String> r = get(server, "api/run?id=" + q(id));
        assertThat(r.statusCode()).as(id).isEqualTo(404);
        assertThat(r.body()).doesNotContain("secret");
      }
      for (String name :
          List.of(
              "../outside/secret.json",
              "..%2Foutside%2Fsecret.json",
              "/etc/passwd",
              "secret.json",
              ".summary.json")) {
        HttpResponse<String> r = get(server, "api/file?dir=r1&name=" + q(name));
        assertThat(r.statusCode()).as(name).isIn(400, 404);
        assertThat(r.body()).as(name).doesNotContain("\"secret\"");
      }
      assertThat(get(server, "api/file?dir=..&name=secret.json").statusCode()).isEqualTo(404);
      assertThat(get(server, "..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(404);
      assertThat(get(server, "dashboard/../reference.conf").statusCode()).isEqualTo(404);
      assertThat(get(server, "api/runs").body())
          .doesNotContain("secret")
          .doesNotContain("linked-run");
    }
  }

  @Test
  void onlyGetIsAllowed(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("runs");
    writeRun(root.resolve("r1"), "lyapunov", 1);
    byte[] before = Files.readAllBytes(root.resolve("r1/metrics.jsonl"));
    try (DashboardServer server =
        DashboardServer.start("127.0.0.1", 0, new LiveFeed(), new RunBrowser(root))) {
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
        for (String path :
            List.of("api/run?id=r1", "api/events", "api/file?dir=r1&name=metrics.jsonl", "")) {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create(server.url() + path))
                      .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
        }
      }
    }
    assertThat(Files.readAllBytes(root.resolve("r1/metrics.jsonl"))).isEqualTo(before);
  }

  @Test
  void aPortInUseIsRefusedWithItsAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> DashboardServer.start("127.0.0.1", port, new LiveFeed(), null))
          .isInstanceOf(DashboardServer.CannotListenException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  /** A run directory as the simulate command leaves it: metrics lines, summary and config. */
  static void writeRun(Path dir, String policy, int rounds) {
    try (OutputDirectory out = new OutputDirectory(dir)) {
      for (int t = 0; t < rounds; t++) {
        out.appendMetrics(
            new RoundRecord(
                t,
                2,
                List.of(0, 1),
                List.of(0.4, 0.6),
                2,
                List.of(0, 1),
                List.of(),
                0.5,
                new double[] {0.1 * (t + 1), 0.2 * (t + 1)},
                0.25 * (t + 1),
                0.5,
                null,
                0.01,
                0.02,
                0,
                t == rounds - 1 ? 0.75 : null,
                t == rounds - 1 ? 0.5 : null,
                null,
                null,
                1.0 + t));
      }
      out.writeJson(
          "summary.json",
          Map.of(
              "policy",
              policy,
              "rounds",
              rounds,
              "devices",
              2,
              "final_accuracy",
              0.75,
              "energy_budget_j",
              0.03));
      out.writeText("config.conf", "edgetune { schedule { policy = " + policy + " } }\n");
    }
  }

  private static void awaitClients(LiveFeed feed, int clients) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (feed.stats().clients() < clients) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("clients did not connect: " + feed.stats());
      }
      sleep(10);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
