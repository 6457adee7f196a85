package org.edgetune.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.edgetune.actors.CborSerializable;
import org.edgetune.testing.Await;
import org.edgetune.testing.TestTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Artery TLS with mutual authentication on real sockets (127.0.0.1 only): two nodes with
 * certificates from the test CA form a cluster; a third whose certificate comes from another CA
 * tries to join and is refused at the TLS handshake, while the two keep working.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TlsClusterIT {

  private static final String PASSWORD = "tls-cluster-test-only";
  private static final ServiceKey<Ping> PINGERS = ServiceKey.create(Ping.class, "tls-test-pinger");

  /** How long the rogue keeps trying; it retries its join every 2 s (config below). */
  private static final Duration ROGUE_ATTEMPT = Duration.ofSeconds(10);

  @TempDir static Path certs;

  private final List<ActorSystem<Ping>> systems = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  /** Per node, the address of every node whose ping reached that node's pinger. */
  private final Map<String, Queue<Address>> pingedFrom = new ConcurrentHashMap<>();

  public record Ping(ActorRef<Pong> replyTo) implements CborSerializable {}

  public record Pong(String from) implements CborSerializable {}

  @BeforeAll
  static void makeCertificates() throws Exception {
    runScript(certs.toString(), "node1", "node2");
    runScript("--rogue", certs.toString(), "rogue");
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    rootLogger().addAppender(logs);
  }

  @AfterEach
  void shutDown() {
    systems.forEach(ActorSystem::terminate);
    systems.forEach(s -> ActorTestKit.shutdown(s, TestTime.scaled(Duration.ofSeconds(15))));
    rootLogger().detachAppender(logs);
  }

  @Test
  void nodeWithCertificateFromAnotherCaCannotJoinAndTheClusterKeepsWorking() throws Exception {
    ActorSystem<Ping> node1 = start("node1", "node1.p12");
    ActorSystem<Ping> node2 = start("node2", "node2.p12");
    Address seed = address(node1);
    Cluster.get(node1).manager().tell(Join.create(seed));
    Cluster.get(node2).manager().tell(Join.create(seed));
    awaitTrue(
        Duration.ofSeconds(20),
        () -> upMembers(node1).size() == 2 && upMembers(node2).size() == 2,
        "two good nodes Up");

    // The rogue trusts the real CA (its certificate is no secret), so it accepts the seed's
    // certificate and fails only on the seed's check of its own. Besides joining, it sends pings
    // straight to the seed's pinger: nothing it sends may reach an actor.
    ActorSystem<Ping> rogue = start("rogue", "rogue.p12");
    Address rogueAddress = address(rogue);
    ActorRef<Ping> seedPinger = ActorRefResolver.get(rogue).resolveActorRef(seed + "/user");
    ActorRef<Pong> pongs = rogue.systemActorOf(Behaviors.ignore(), "pongs", Props.empty());
    Cluster.get(rogue).manager().tell(Join.create(seed));

    long end = System.nanoTime() + ROGUE_ATTEMPT.toNanos();
    while (System.nanoTime() < end) {
      seedPinger.tell(new Ping(pongs));
      for (ActorSystem<Ping> good : List.of(node1, node2)) {
        assertThat(addresses(good))
            .as("members seen by " + good.name())
            .containsExactlyInAnyOrder(seed, address(node2));
        assertThat(upMembers(good)).hasSize(2);
      }
      assertThat(addresses(rogue))
          .as("members seen by the rogue")
          .doesNotContain(seed, address(node2));
      assertThat(Cluster.get(rogue).selfMember().status()).isNotEqualTo(MemberStatus.up());
      Thread.sleep(200);
    }
    assertThat(pingedFrom.get("node1"))
        .as("senders of pings that reached the seed")
        .doesNotContain(rogueAddress);

    assertThat(ping(node1, address(node2))).isEqualTo(new Pong("node2"));
    assertThat(ping(node2, seed)).isEqualTo(new Pong("node1"));
    assertThat(pingedFrom.get("node1"))
        .as("the seed's pinger sees pings arrive")
        .contains(address(node2));

    // The seed refused the rogue's certificate with a bad_certificate alert at the TLS handshake.
    // Without mutual authentication the rogue is still kept out (Artery's own handshake needs the
    // seed to connect back, and the seed does not trust the rogue's server certificate), but later
    // and with no such alert; this line and the socket test below pin the mutual check itself.
    List<String> refusals =
        logs.list.stream()
            .map(TlsClusterIT::describe)
            .filter(d -> d.contains("SSLHandshakeException") && d.contains("bad_certificate"))
            .filter(d -> d.contains(seed.toString()))
            .collect(Collectors.toList());
    assertThat(refusals).as("the seed's TLS refusal in the rogue's log").isNotEmpty();
  }

  /**
   * The mutual check alone, on a raw TLS socket: the seed refuses a client whose certificate comes
   * from another CA and accepts one from the cluster's CA, both trusting the seed's certificate.
   */
  @Test
  void seedRefusesATlsClientWhoseCertificateComesFromAnotherCa() throws Exception {
    int port = address(start("node1", "node1.p12")).getPort().orElseThrow();

    try (SSLSocket socket = connect(port, "rogue.p12")) {
      // In TLS 1.3 the server judges the client's certificate after the client's handshake is
      // done, so its refusal arrives as an alert on the first read.
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SSLException.class)
          .hasMessageContaining("bad_certificate");
    }
    try (SSLSocket socket = connect(port, "node2.p12")) {
      // Accepted: Artery now waits for the client to speak, so the read runs into the timeout.
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
    }
  }

  private static SSLSocket connect(int port, String keyStore) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(keyStore), PASSWORD.toCharArray());
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load("truststore.p12"));
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(3000);
    socket.startHandshake();
    return socket;
  }

  private static KeyStore load(String file) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certs.resolve(file))) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private ActorSystem<Ping> start(String name, String keyStore) {
    Config edgetune =
        ConfigFactory.parseMap(
            Map.of(
                "edgetune.cluster.tls.enabled",
                true,
                "edgetune.cluster.tls.key-store",
                certs.resolve(keyStore).toString(),
                "edgetune.cluster.tls.trust-store",
                certs.resolve("truststore.p12").toString(),
                "edgetune.cluster.tls.key-store-password",
                PASSWORD,
                "edgetune.cluster.tls.trust-store-password",
                PASSWORD));
    Config node =
        ConfigFactory.parseString(
                """
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.canonical.port = 0
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.actor.serialization-bindings {
          "org.edgetune.actors.CborSerializable" = jackson-cbor
        }
        pekko.cluster.jmx.enabled = off
        pekko.cluster.retry-unsuccessful-join-after = 2s
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """)
            .withFallback(edgetune)
            .withFallback(ConfigFactory.load())
            .resolve();
    Config config = TlsSettings.fromConfig(node).pekkoConfig().withFallback(node);
    assertThat(config.getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
    // One system name for all three: a cluster only accepts members of its own name.
    Queue<Address> senders = new ConcurrentLinkedQueue<>();
    pingedFrom.put(name, senders);
    ActorSystem<Ping> system = ActorSystem.create(pinger(name, senders), "edgetune", config);
    systems.add(system);
    return system;
  }

  /**
   * Answers pings with its node's name and notes where each came from; registered so other nodes
   * find it through the receptionist.
   */
  private static Behavior<Ping> pinger(String name, Queue<Address> senders) {
    return Behaviors.setup(
        context -> {
          context
              .getSystem()
              .receptionist()
              .tell(Receptionist.register(PINGERS, context.getSelf()));
          return Behaviors.receiveMessage(
              ping -> {
                senders.add(ping.replyTo().path().address());
                ping.replyTo().tell(new Pong(name));
                return Behaviors.same();
              });
        });
  }

  /**
   * Finds the pinger on {@code target} through {@code from}'s receptionist and asks it across
   * nodes.
   */
  private static Pong ping(ActorSystem<Ping> from, Address target) throws Exception {
    Duration timeout = TestTime.scaled(Duration.ofSeconds(5));
    ActorRef<Ping> remote = null;
    long end = System.nanoTime() + TestTime.scaled(Duration.ofSeconds(15)).toNanos();
    while (remote == null && System.nanoTime() < end) {
      Receptionist.Listing listing =
          AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                  from.receptionist(),
                  replyTo -> Receptionist.find(PINGERS, replyTo),
                  timeout,
                  from.scheduler())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      Optional<ActorRef<Ping>> found =
          listing.getServiceInstances(PINGERS).stream()
              .filter(ref -> ref.path().address().equals(target))
              .findFirst();
      remote = found.orElse(null);
      if (remote == null) {
        Thread.sleep(200);
      }
    }
    assertThat(remote)
        .as("pinger at " + target + " in " + from.name() + "'s receptionist")
        .isNotNull();
    ActorRef<Ping> pinger = remote;
    return AskPattern.<Ping, Pong>ask(pinger, Ping::new, timeout, from.scheduler())
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static Address address(ActorSystem<?> system) {
    return Cluster.get(system).selfMember().address();
  }

  private static Set<Address> addresses(ActorSystem<?> system) {
    return members(system).stream().map(Member::address).collect(Collectors.toSet());
  }

  private static List<Member> upMembers(ActorSystem<?> system) {
    return members(system).stream()
        .filter(m -> m.status().equals(MemberStatus.up()))
        .collect(Collectors.toList());
  }

  private static List<Member> members(ActorSystem<?> system) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .collect(Collectors.toList());
  }

  private static void awaitTrue(Duration max, BooleanSupplier condition, String what) {
    Await.until(what, max, condition);
  }

  /** The event's message and its exception chain, class names included. */
  private static String describe(ILoggingEvent event) {
    StringBuilder text =
        new StringBuilder(event.getLoggerName()).append(": ").append(event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    return text.toString();
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /**
   * Runs scripts/make-test-certs.sh from the repository root (Surefire's working directory or
   * above).
   */
  private static void runScript(String... args) throws IOException, InterruptedException {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isRegularFile(root.resolve("scripts/make-test-certs.sh"))) {
      root = root.getParent();
    }
    assertThat(root)
        .as("repository root with scripts/make-test-certs.sh above the working directory")
        .isNotNull();
    List<String> command =
        new ArrayList<>(List.of(root.resolve("scripts/make-test-certs.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("EDGETUNE_TLS_PASSWORD", PASSWORD);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("make-test-certs.sh finished").isTrue();
    assertThat(process.exitValue())
        .as("make-test-certs.sh exit code; it said:%n%s", output)
        .isZero();
  }
}
