package org.edgetune.faults;

import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The faults actually injected, by round, so each round's metrics say what hit it. Written by the
 * fault wrappers from any actor, read by the round driver when it closes the round.
 */
public final class FaultLog {

  private final Map<Long, NavigableSet<String>> byRound = new ConcurrentHashMap<>();

  public void injected(long round, String label) {
    byRound.computeIfAbsent(round, r -> new ConcurrentSkipListSet<>()).add(label);
  }

  /** The labels of the faults injected in the round, sorted; removes them from the log. */
  public List<String> take(long round) {
    NavigableSet<String> labels = byRound.remove(round);
    return labels == null ? List.of() : List.copyOf(labels);
  }
}
