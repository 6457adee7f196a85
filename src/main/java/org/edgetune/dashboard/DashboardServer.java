package org.edgetune.dashboard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The dashboard's web server (Pekko HTTP, in an actor system of its own so that nothing it does
 * runs on the run's dispatchers): one page with its scripts from the jar, a read-only JSON API and
 * the live run as Server-Sent Events. Every route is a GET; anything else is refused with 405.
 *
 * <p>A live client's events go through a queue of {@link #CLIENT_BUFFER} events; when it is full
 * (the client reads too slowly, or not at all) the client is cut off and the run goes on. A
 * browser's EventSource then reconnects with the {@code Last-Event-ID} it saw and gets the rest.
 */
public final class DashboardServer implements AutoCloseable {

  /**
   * Events a client may fall behind before it is cut off (a run's whole history fits a few times
   * over).
   */
  public static final int CLIENT_BUFFER = 256;

  static final String SYSTEM_NAME = "edgetune-dashboard";

  /**
   * A comment line now and then keeps idle connections (and proxies on the way) open between slow
   * rounds.
   */
  private static final Duration HEARTBEAT = Duration.ofSeconds(10);

  /** EventSource waits this long before it reconnects. */
  private static final int RETRY_MS = 1000;

  /** The address could not be bound (in use, or not an address of this machine). */
  public static final class CannotListenException extends RuntimeException {
    CannotListenException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final LiveFeed live;

  private DashboardServer(ActorSystem<Void> system, ServerBinding binding, LiveFeed live) {
    this.system = system;
    this.binding = binding;
    this.live = live;
  }

  /**
   * Binds the dashboard; either part may be absent.
   *
   * @param live the live run's events, or null
   * @param runs finished runs to browse, or null
   * @throws CannotListenException if the address cannot be bound
   */
  public static DashboardServer start(String host, int port, LiveFeed live, RunBrowser runs) {
    Config config =
        ConfigFactory.parseString(
                """
        pekko.actor.provider = local
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.loglevel = INFO
        pekko.log-dead-letters-during-shutdown = off
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """)
            .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
    Routes routes = new Routes(system, live, runs);
    try {
      ServerBinding binding =
          Http.get(system).newServerAt(host, port).bind(routes.all()).toCompletableFuture().join();
      return new DashboardServer(system, binding, live);
    } catch (CompletionException e) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new CannotListenException(
          "cannot listen on " + host + ":" + port + ": " + cause.getMessage(), e.getCause());
    }
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/";
  }

  /** Ends the live streams (clients get what they buffered), then stops the server. */
  @Override
  public void close() {
    if (live != null) {
      live.close();
    }
    binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().join();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  /** CPU time the dashboard's own threads have used so far (s): what serving the clients costs. */
  static double serverCpuSeconds() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long nanos = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(SYSTEM_NAME)) {
        nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return nanos / 1e9;
  }

  private static final class Routes extends AllDirectives {

    private final ActorSystem<Void> system;
    private final LiveFeed live;
    private final RunBrowser runs;

    Routes(ActorSystem<Void> system, LiveFeed live, RunBrowser runs) {
      this.system = system;
      this.live = live;
      this.runs = runs;
    }

    Route all() {
      return get(
          () ->
              concat(
                  pathSingleSlash(
                      () -> getFromResource("dashboard/index.html", ContentTypes.TEXT_HTML_UTF8)),
                  asset("app.js"),
                  asset("charts.js"),
                  asset("app.css"),
                  pathPrefix(
                      "api",
                      () ->
                          concat(
                              path("mode", () -> json(this::mode)),
                              path("stats", () -> json(this::stats)),
                              path("events", this::events),
                              path("runs", () -> browse(() -> runs.list())),
                              path(
                                  "run",
                                  () ->
                                      parameterOptional(
                                          "id", id -> browse(() -> runs.run(required("id", id))))),
                              path(
                                  "experiment",
                                  () ->
                                      parameterOptional(
                                          "id",
                                          id -> browse(() -> runs.experiment(required("id", id))))),
                              path(
                                  "file",
                                  () ->
                                      parameterOptional(
                                          "dir",
                                          dir ->
                                              parameterOptional(
                                                  "name",
                                                  name ->
                                                      browseFile(
                                                          () ->
                                                              runs.file(
                                                                  required("dir", dir),
                                                                  required("name", name)))))),
                              complete(
                                  StatusCodes.NOT_FOUND, "no such API path; see /api/mode")))));
    }

    /**
     * The page's scripts and style sheet, from the jar by name; nothing else of the jar is
     * reachable.
     */
    private Route asset(String name) {
      return path(name, () -> getFromResource("dashboard/" + name));
    }

    private ObjectNode mode() {
      ObjectNode mode = JsonNodeFactory.instance.objectNode();
      mode.put("live", live != null);
      mode.put("runs", runs != null);
      mode.put("runs_root", runs == null ? null : runs.root().toString());
      return mode;
    }

    private ObjectNode stats() {
      ObjectNode stats = JsonNodeFactory.instance.objectNode();
      if (live != null) {
        LiveFeed.Stats s = live.stats();
        stats.put("events", s.events());
        stats.put("clients", s.clients());
        stats.put("cut_off_clients", s.cutOffs());
        stats.put("publish_seconds", s.publishSeconds());
      }
      stats.put("server_cpu_seconds", serverCpuSeconds());
      return stats;
    }

    private Route json(Supplier<Object> body) {
      return complete(
          HttpEntities.create(ContentTypes.APPLICATION_JSON, LiveFeed.json(body.get())));
    }

    /**
     * A browse request: 404 without --runs or for names the root does not hold, 400 for malformed
     * ones.
     */
    private Route browse(Supplier<Object> body) {
      if (runs == null) {
        return complete(
            StatusCodes.NOT_FOUND,
            "this dashboard serves a live run only; finished runs: edgetune dashboard --runs DIR");
      }
      try {
        return json(body);
      } catch (RunBrowser.NotFoundException e) {
        return complete(StatusCodes.NOT_FOUND, e.getMessage());
      } catch (IllegalArgumentException e) {
        return complete(StatusCodes.BAD_REQUEST, e.getMessage());
      }
    }

    private Route browseFile(Supplier<Path> file) {
      if (runs == null) {
        return complete(StatusCodes.NOT_FOUND, "this dashboard serves a live run only");
      }
      try {
        Path path = file.get();
        return getFromFile(path.toFile(), contentType(path.getFileName().toString()));
      } catch (RunBrowser.NotFoundException e) {
        return complete(StatusCodes.NOT_FOUND, e.getMessage());
      } catch (IllegalArgumentException e) {
        return complete(StatusCodes.BAD_REQUEST, e.getMessage());
      }
    }

    private static ContentType contentType(String name) {
      String extension = name.substring(name.lastIndexOf('.') + 1);
      return switch (extension) {
        case "png" -> MediaTypes.IMAGE_PNG.toContentType();
        case "html" -> ContentTypes.TEXT_HTML_UTF8;
        case "json", "jsonl" -> ContentTypes.APPLICATION_JSON;
        default -> ContentTypes.TEXT_PLAIN_UTF8;
      };
    }

    private static String required(String name, Optional<String> value) {
      return value
          .filter(v -> !v.isEmpty())
          .orElseThrow(
              () -> new IllegalArgumentException("missing query parameter '" + name + "'"));
    }

    /**
     * The live stream: every event after the request's {@code Last-Event-ID} (all without one),
     * then the new ones as they come.
     */
    private Route events() {
      if (live == null) {
        return complete(
            StatusCodes.NOT_FOUND, "this dashboard has no live run; it browses finished runs");
      }
      return optionalHeaderValueByName(
          "Last-Event-ID",
          header -> {
            long lastSeen;
            try {
              lastSeen = header.map(String::trim).map(Long::parseLong).orElse(0L);
            } catch (NumberFormatException e) {
              return complete(
                  StatusCodes.BAD_REQUEST,
                  "Last-Event-ID '" + header.get() + "' is not an event id");
            }
            Pair<BoundedSourceQueue<LiveFeed.Event>, Source<LiveFeed.Event, NotUsed>> queue =
                Source.<LiveFeed.Event>queue(CLIENT_BUFFER).preMaterialize(system);
            Client client = new Client(queue.first());
            List<LiveFeed.Event> missed;
            try {
              missed = live.subscribe(lastSeen, client);
            } catch (IllegalArgumentException e) {
              queue.first().complete();
              return complete(StatusCodes.BAD_REQUEST, e.getMessage());
            }
            Source<ServerSentEvent, NotUsed> events =
                Source.single(ServerSentEvent.create("", RETRY_MS))
                    .concat(Source.from(missed).concat(queue.second()).map(Routes::sse))
                    .keepAlive(HEARTBEAT, ServerSentEvent::heartbeat)
                    .watchTermination(
                        (notUsed, done) -> {
                          done.whenComplete((d, failure) -> live.unsubscribe(client));
                          return NotUsed.getInstance();
                        });
            return completeOK(events, EventStreamMarshalling.toEventStream());
          });
    }

    private static ServerSentEvent sse(LiveFeed.Event event) {
      return ServerSentEvent.create(event.json(), event.type(), Long.toString(event.id()));
    }
  }

  /** A live client's bounded queue; offering never blocks. */
  private record Client(BoundedSourceQueue<LiveFeed.Event> queue) implements LiveFeed.Subscriber {
    @Override
    public boolean offer(LiveFeed.Event event) {
      return queue.offer(event) == QueueOfferResult.enqueued();
    }

    @Override
    public void cutOff() {
      queue.complete();
    }
  }
}
