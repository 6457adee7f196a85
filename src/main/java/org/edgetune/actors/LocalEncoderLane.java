package org.edgetune.actors;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.ParameterState;
import org.edgetune.model.TensorPayload;
import org.edgetune.train.EncoderWorker;

/**
 * An encoder worker of the edge server's own JVM: its calls run on lane {@code index} of {@link
 * DjlWork} (the DJL dispatcher when it is the only lane, else a thread of its own), so its model
 * state is only ever touched by one thread, by construction.
 */
final class LocalEncoderLane implements EncoderLane {

  private final int index;
  private final int lanes;
  private final DjlWork djl;
  private final Supplier<EncoderWorker> newWorker;
  private final EncoderWorker worker;

  LocalEncoderLane(int index, int lanes, DjlWork djl, Supplier<EncoderWorker> newWorker) {
    this.index = index;
    this.lanes = lanes;
    this.djl = djl;
    this.newWorker = newWorker;
    this.worker = newWorker.get();
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public CompletionStage<Integer> begin(List<Integer> devices, ParameterState globalLora) {
    return run(
        () -> {
          worker.begin(devices, globalLora);
          return index;
        });
  }

  @Override
  public CompletionStage<TensorPayload> forward(
      int device, long round, int step, EmbeddedBatch batch, WorkerCrashes.Strike crash) {
    return run(
        () -> {
          if (crash != null) {
            throw new WorkerCrashes.Crashed(index, crash.reason());
          }
          return worker.forward(device, round, step, batch);
        });
  }

  @Override
  public CompletionStage<Optional<TensorPayload>> backward(
      int device, int step, TensorPayload featureGradient) {
    return run(() -> worker.backward(device, featureGradient));
  }

  @Override
  public void abandon(int device) {
    run(
        () -> {
          worker.abandon(device);
          return device;
        });
  }

  @Override
  public CompletionStage<Map<Integer, ParameterState>> collect(List<Integer> devices) {
    return run(
        () -> {
          worker.abandonAll();
          return worker.workingCopies(devices);
        });
  }

  @Override
  public EncoderLane replacement() {
    return new LocalEncoderLane(index, lanes, djl, newWorker);
  }

  private <T> CompletionStage<T> run(Supplier<T> call) {
    return djl.submit(index, lanes, call);
  }
}
