package org.edgetune.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The live feed: resuming from a last id gives exactly the missing events; a full client is cut off
 * alone.
 */
class LiveFeedTest {

  /** A client with a bounded buffer, like the server's queue (offer never blocks). */
  private static final class Buffered implements LiveFeed.Subscriber {
    final BlockingQueue<LiveFeed.Event> buffer;
    boolean cutOff;

    Buffered(int capacity) {
      buffer = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public boolean offer(LiveFeed.Event event) {
      return buffer.offer(event);
    }

    @Override
    public void cutOff() {
      cutOff = true;
    }
  }

  @Test
  void resumingFromAnIdGivesExactlyTheLaterEvents() {
    LiveFeed feed = new LiveFeed();
    for (int i = 0; i < 10; i++) {
      feed.publish("round", Map.of("round", i));
    }
    List<LiveFeed.Event> after7 = feed.subscribe(7, new Buffered(4));
    assertThat(after7).extracting(LiveFeed.Event::id).containsExactly(8L, 9L, 10L);
    assertThat(after7.get(0).json()).isEqualTo("{\"round\":7}");
    assertThat(feed.subscribe(0, new Buffered(4))).hasSize(10);
    assertThat(feed.subscribe(10, new Buffered(4))).isEmpty();
  }

  @Test
  void anIdTheSessionNeverGaveIsRefused() {
    LiveFeed feed = new LiveFeed();
    feed.publish("run", Map.of());
    assertThatThrownBy(() -> feed.subscribe(2, new Buffered(1)))
        .hasMessageContaining("Last-Event-ID 2");
    assertThatThrownBy(() -> feed.subscribe(-1, new Buffered(1)))
        .hasMessageContaining("Last-Event-ID -1");
  }

  /**
   * A client that reconnects again and again while another thread publishes, each time from the
   * last id it took, ends with every id exactly once and in order (the oracle: 1..n).
   */
  @Test
  void reconnectsDuringPublishingMissAndRepeatNothing() throws Exception {
    LiveFeed feed = new LiveFeed();
    int n = 20_000;
    Thread publisher =
        new Thread(
            () -> {
              for (int i = 0; i < n; i++) {
                feed.publish("round", Map.of("round", i));
              }
            });
    publisher.start();
    List<Long> seen = new ArrayList<>();
    long last = 0;
    while (last < n) {
      Buffered client = new Buffered(64);
      for (LiveFeed.Event e : feed.subscribe(last, client)) {
        seen.add(e.id());
      }
      last = seen.isEmpty() ? 0 : seen.get(seen.size() - 1);
      // Take a few live events, then drop the connection as a browser would on a network hiccup.
      for (int i = 0; i < 50 && !client.buffer.isEmpty(); i++) {
        seen.add(client.buffer.poll().id());
      }
      feed.unsubscribe(client);
      last = seen.isEmpty() ? 0 : seen.get(seen.size() - 1);
    }
    publisher.join();
    assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
  }

  @Test
  void aClientThatFallsBehindIsCutOffAndTheOthersGetEverything() {
    LiveFeed feed = new LiveFeed();
    Buffered stuck = new Buffered(3);
    Buffered reader = new Buffered(1000);
    feed.subscribe(0, stuck);
    feed.subscribe(0, reader);
    for (int i = 0; i < 100; i++) {
      feed.publish("round", Map.of("round", i));
    }
    assertThat(stuck.cutOff).isTrue();
    assertThat(stuck.buffer).extracting(LiveFeed.Event::id).containsExactly(1L, 2L, 3L);
    assertThat(reader.cutOff).isFalse();
    assertThat(reader.buffer).hasSize(100);
    LiveFeed.Stats stats = feed.stats();
    assertThat(stats.cutOffs()).isEqualTo(1);
    assertThat(stats.clients()).isEqualTo(1);
    // Coming back from its last id, the stuck client gets the rest.
    assertThat(feed.subscribe(3, new Buffered(1)))
        .extracting(LiveFeed.Event::id)
        .containsExactlyElementsOf(LongStream.rangeClosed(4, 100).boxed().toList());
  }

  @Test
  void closingEndsEveryClientAndLaterOnesGetTheHistoryOnly() {
    LiveFeed feed = new LiveFeed();
    Buffered client = new Buffered(10);
    feed.subscribe(0, client);
    feed.publish("finished", Map.of());
    feed.close();
    assertThat(client.cutOff).isTrue();
    Buffered late = new Buffered(10);
    assertThat(feed.subscribe(0, late)).hasSize(1);
    assertThat(feed.stats().clients()).isZero();
  }
}
