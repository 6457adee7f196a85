package org.edgetune.train;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which encoder pass the edge server runs next in one attempt of a round, and which devices are
 * still in the round. Either one device's pass at a time per encoder worker (its lane), first come
 * first served (a pass is open from its forward until its backward, since an {@link EncoderWorker}
 * holds one device's activations), or, batched (τ = 1), one pass over every device's upload once
 * all devices still in the round have uploaded. A device leaves the round once (finished or
 * dropped), so the driver hears of each device once. Holds the uploads as opaque values {@code U};
 * the actor does what the schedule says.
 */
public final class PassSchedule<U> {

  /** What adding an upload to the round's batch did. */
  public enum BatchAdd {
    /** Kept; the batch waits for the other devices' uploads. */
    WAITING,
    /** Kept, and every device still in the round has uploaded: start the batch. */
    READY,
    /** The batch has started already: the upload missed it. */
    LATE
  }

  private record Queued<U>(int device, U upload) {}

  private final SortedSet<Integer> inRound = new TreeSet<>();
  private final Map<Integer, Integer> laneOf = new HashMap<>();
  private final Map<Integer, Deque<Queued<U>>> waiting = new HashMap<>();

  /** Lane → the device whose pass is open on it. */
  private final Map<Integer, Integer> running = new HashMap<>();

  private final SortedMap<Integer, U> batch = new TreeMap<>();
  private boolean batchStarted;

  /** A new round or attempt on one lane: the scheduled devices are in it, nothing waits or runs. */
  public void begin(Collection<Integer> devices) {
    Map<Integer, Integer> lanes = new HashMap<>();
    devices.forEach(d -> lanes.put(d, 0));
    begin(lanes);
  }

  /** A new round or attempt: each scheduled device with the lane (worker) its passes run on. */
  public void begin(Map<Integer, Integer> lanes) {
    clear();
    inRound.addAll(lanes.keySet());
    laneOf.putAll(lanes);
  }

  /** The lane of a device of the round. */
  public int lane(int device) {
    Integer lane = laneOf.get(device);
    if (lane == null) {
      throw new IllegalArgumentException("device " + device + " is not scheduled this round");
    }
    return lane;
  }

  /** The round is over for every device (it aggregates). */
  public void clear() {
    inRound.clear();
    laneOf.clear();
    waiting.clear();
    running.clear();
    batch.clear();
    batchStarted = false;
  }

  public boolean inRound(int device) {
    return inRound.contains(device);
  }

  /**
   * The device leaves the round (finished or dropped); its waiting upload, if any, is forgotten.
   * False if it had left already: the caller reports each device once.
   */
  public boolean leave(int device) {
    waiting.values().forEach(queue -> queue.removeIf(q -> q.device() == device));
    return inRound.remove(device);
  }

  // ---- one pass at a time ---------------------------------------------------------------------

  /** Queues a device's upload on its lane; returns the upload to run now if that lane was free. */
  public Optional<U> queue(int device, U upload) {
    int lane = lane(device);
    waiting.computeIfAbsent(lane, l -> new ArrayDeque<>()).add(new Queued<>(device, upload));
    return next(lane);
  }

  /**
   * The device's open pass ended (its backward finished, it failed, or it was abandoned); returns
   * the next upload to run on its lane.
   */
  public Optional<U> passEnded(int device) {
    int lane = lane(device);
    running.remove(lane);
    return next(lane);
  }

  /** Is this device's pass the open one of its lane? */
  public boolean isRunning(int device) {
    Integer lane = laneOf.get(device);
    return lane != null && Integer.valueOf(device).equals(running.get(lane));
  }

  private Optional<U> next(int lane) {
    Deque<Queued<U>> queue = waiting.get(lane);
    if (running.containsKey(lane) || queue == null || queue.isEmpty()) {
      return Optional.empty();
    }
    Queued<U> queued = queue.poll();
    running.put(lane, queued.device());
    return Optional.of(queued.upload());
  }

  // ---- batched (τ = 1) -------------------------------------------------------------------------

  public BatchAdd addToBatch(int device, U upload) {
    if (batchStarted) {
      return BatchAdd.LATE;
    }
    batch.put(device, upload);
    return batchReady() ? BatchAdd.READY : BatchAdd.WAITING;
  }

  public boolean batchStarted() {
    return batchStarted;
  }

  public boolean batchEmpty() {
    return batch.isEmpty();
  }

  /**
   * Every device still in the round has uploaded (and one at least did). A device that left after
   * its upload stays in the batch: the batch's rows do not depend on who is still waiting.
   */
  public boolean batchReady() {
    return !batchStarted && !batch.isEmpty() && batch.keySet().containsAll(inRound);
  }

  /** Starts the batch with the uploads so far, in device-id order. */
  public SortedMap<Integer, U> startBatch() {
    batchStarted = true;
    return batch();
  }

  /** The uploads in the batch, in device-id order. */
  public SortedMap<Integer, U> batch() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(batch));
  }
}
