package org.edgetune.sim;

import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.edgetune.model.ParameterState;
import org.edgetune.train.ServerTrainer.DeviceUpdate;

/**
 * Who of a round's scheduled devices is still training, who finished (with its update and mean
 * loss) and who was dropped, for one attempt of the round. Every device ends in exactly one of the
 * three; the first word about a device counts and later ones are ignored (a device that failed
 * cannot finish afterwards, a finished one cannot be dropped by the deadline). Everything is kept
 * in device-id order, the order FedAvg and the metrics need.
 */
public final class RoundTally {

  /**
   * A device's finished local training: what aggregation needs, and its mean loss for the metrics.
   */
  public record Finished(int examples, ParameterState head, double meanLoss) {}

  private final List<Integer> scheduled;
  private final int attempt;
  private final SortedSet<Integer> pending;
  private final SortedMap<Integer, Finished> finished = new TreeMap<>();
  private final SortedSet<Integer> dropped = new TreeSet<>();

  private RoundTally(List<Integer> scheduled, int attempt) {
    this.scheduled = List.copyOf(scheduled);
    this.attempt = attempt;
    this.pending = new TreeSet<>(scheduled);
    if (pending.size() != scheduled.size()) {
      throw new IllegalArgumentException("a device is scheduled twice: " + scheduled);
    }
  }

  /** The first attempt of a round that scheduled {@code scheduled}. */
  public static RoundTally first(List<Integer> scheduled) {
    return new RoundTally(scheduled, 0);
  }

  /** A fresh tally for running the round again from its start, with the same plan. */
  public RoundTally retry() {
    return new RoundTally(scheduled, attempt + 1);
  }

  public int attempt() {
    return attempt;
  }

  public List<Integer> scheduled() {
    return scheduled;
  }

  /**
   * Records a finished device; false if it was not pending (unknown, already finished or dropped).
   */
  public boolean finish(int device, Finished work) {
    if (!pending.remove(device)) {
      return false;
    }
    finished.put(device, work);
    return true;
  }

  /** Drops a pending device; false if it was not pending. */
  public boolean drop(int device) {
    if (!pending.remove(device)) {
      return false;
    }
    dropped.add(device);
    return true;
  }

  /** The round deadline passed: every device still training is dropped; returns them. */
  public Set<Integer> deadlinePassed() {
    SortedSet<Integer> late = new TreeSet<>(pending);
    pending.clear();
    dropped.addAll(late);
    return late;
  }

  /** Every scheduled device has finished or was dropped: the round can aggregate. */
  public boolean settled() {
    return pending.isEmpty();
  }

  public Set<Integer> pending() {
    return Set.copyOf(pending);
  }

  /** The finished devices' updates, in device-id order (the order of FedAvg). */
  public List<DeviceUpdate> updates() {
    return finished.entrySet().stream()
        .map(e -> new DeviceUpdate(e.getKey(), e.getValue().examples(), e.getValue().head()))
        .toList();
  }

  public List<Integer> completed() {
    return List.copyOf(finished.keySet());
  }

  public List<Integer> dropped() {
    return List.copyOf(dropped);
  }

  /** Mean of the finished devices' mean losses (in device-id order); null if none finished. */
  public Double meanLoss() {
    if (finished.isEmpty()) {
      return null;
    }
    return finished.values().stream().mapToDouble(Finished::meanLoss).sum() / finished.size();
  }
}
