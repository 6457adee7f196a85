package org.edgetune.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.edgetune.output.OutputDirectory;

/**
 * The events of a live run, numbered 1, 2, 3, … in the order they happened, kept for the whole
 * session so that a client that reconnects with the last id it saw gets exactly the events after
 * it. Publishing never waits for a client: each one is offered the event without blocking, and a
 * client that cannot take it (its bounded buffer is full) is cut off alone; when it comes back it
 * resumes from its last id.
 */
public final class LiveFeed {

  /** One event: its id, its SSE type and its JSON text. */
  public record Event(long id, String type, String json) {}

  /** A connected client. Both methods are called with the feed's lock held and must not block. */
  public interface Subscriber {

    /**
     * @return false if the client cannot take the event now (its buffer is full, or it is gone)
     */
    boolean offer(Event event);

    /** The client missed an event and gets no more: end its stream so that it reconnects. */
    void cutOff();
  }

  private final List<Event> events = new ArrayList<>();
  private final Set<Subscriber> subscribers = new LinkedHashSet<>();
  private long cutOffs;
  private long publishNanos;
  private boolean closed;

  /** Appends an event (its data as JSON) and offers it to every client; returns its id. */
  public synchronized long publish(String type, Object data) {
    long start = System.nanoTime();
    Event event = new Event(events.size() + 1, type, json(data));
    events.add(event);
    subscribers.removeIf(
        s -> {
          if (s.offer(event)) {
            return false;
          }
          cutOffs++;
          s.cutOff();
          return true;
        });
    publishNanos += System.nanoTime() - start;
    return event.id();
  }

  /**
   * Registers a client and returns, in one step, the events after {@code lastSeenId} (0: all), so
   * that nothing published meanwhile is missed or delivered twice. After {@link #close()} the
   * client gets the events but is not registered.
   *
   * @throws IllegalArgumentException if {@code lastSeenId} is negative or beyond the last event
   */
  public synchronized List<Event> subscribe(long lastSeenId, Subscriber subscriber) {
    if (lastSeenId < 0 || lastSeenId > events.size()) {
      throw new IllegalArgumentException(
          "Last-Event-ID "
              + lastSeenId
              + " is not an event of this session (events 1 to "
              + events.size()
              + ")");
    }
    if (!closed) {
      subscribers.add(subscriber);
    }
    return List.copyOf(events.subList((int) lastSeenId, events.size()));
  }

  public synchronized void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }

  /**
   * Ends every client's stream after what it has buffered; later clients get the events and an end.
   */
  public synchronized void close() {
    closed = true;
    subscribers.forEach(Subscriber::cutOff);
    subscribers.clear();
  }

  public synchronized Stats stats() {
    return new Stats(events.size(), subscribers.size(), cutOffs, publishNanos / 1e9);
  }

  /**
   * @param cutOffs clients cut off because they fell behind
   * @param publishSeconds time the run's metrics path spent in {@link #publish} (JSON and all
   *     clients' offers included)
   */
  public record Stats(long events, int clients, long cutOffs, double publishSeconds) {}

  static String json(Object value) {
    try {
      return OutputDirectory.JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
