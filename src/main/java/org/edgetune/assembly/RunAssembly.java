package org.edgetune.assembly;

import java.util.ArrayList;
import java.util.List;
import org.edgetune.data.Partitioner;
import org.edgetune.data.Shard;
import org.edgetune.faults.FaultLog;
import org.edgetune.model.AdamW;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.schedule.Policies;
import org.edgetune.schedule.Scheduler;
import org.edgetune.sim.SimulationSettings;
import org.edgetune.train.DeviceTrainer;
import org.edgetune.train.EncoderWorker;
import org.edgetune.train.Evaluator;
import org.edgetune.train.ServerTrainer;
import org.edgetune.wireless.Cell;
import org.edgetune.wireless.WirelessModel;

/**
 * The composition root: builds a run's parts from its inputs, once, for each way of running. Every
 * part is a function of the settings and the seed, so each node of a cluster that builds its share
 * gets the same device k, the same initial state and the same scheduler as one JVM would.
 */
public final class RunAssembly {

  private RunAssembly() {}

  /** Every part of a run in one JVM: the server side and all devices. */
  public static RunParts oneJvm(RunInputs in) {
    return server(in).withDevices(devices(in));
  }

  /**
   * The server's parts (no device; a cluster's server node never holds a training shard): the
   * encoder's trainer, the evaluator on the test split, the scheduler and the driver's plan.
   */
  public static RunParts server(RunInputs in) {
    SimulationSettings settings = in.settings();
    SplitLoraModel model = in.model();
    long seed = settings.seed();
    int k = settings.devices();
    WirelessModel wirelessModel = new WirelessModel(settings.wirelessFor(model.dims()));
    Scheduler scheduler =
        new Scheduler(
            Policies.create(
                settings.schedule().policy(), settings.schedule(), wirelessModel, k, seed),
            wirelessModel,
            settings.schedule(),
            k);
    ServerTrainer trainer =
        new ServerTrainer(
            model.serverSide(),
            model.initialLora(seed),
            model.initialHead(seed),
            AdamW.of(settings.train().learningRate(), settings.train().weightDecay()),
            settings.federated().localLearningRate(),
            settings.train().localSteps(),
            seed,
            settings.train().trainable());
    Evaluator evaluator =
        new Evaluator(
            model,
            LabeledTokens.of(in.split().test(), in.tokenizer()),
            settings.train().evalBatchSize());
    EncoderTier encoders =
        new EncoderTier(
            settings.federated().stepTimeout(),
            settings.federated().batchEncoder(),
            settings.federated().encoderWorkers());
    RoundPlan plan =
        new RoundPlan(
            settings.rounds(),
            settings.train().localSteps(),
            settings.federated().evalEvery(),
            settings.federated().roundTimeout(),
            k,
            settings.federated().roundRetries(),
            settings.federated().overlapEvaluation());
    return new RunParts(
        seed,
        HostedDevices.NONE,
        new ServerParts(trainer, evaluator, encoders),
        new SchedulerParts(scheduler, settings.federated().reportTimeout()),
        plan,
        new InjectedFaults(settings.faults(), new FaultLog()));
  }

  /**
   * Every device of the run, built from the training split: the partition is a function of the
   * seed, so any node that holds the corpus builds the same device k (a cluster's device nodes rely
   * on it).
   */
  public static HostedDevices devices(RunInputs in) {
    SimulationSettings settings = in.settings();
    SplitLoraModel model = in.model();
    long seed = settings.seed();
    LabeledTokens train = LabeledTokens.of(in.split().train(), in.tokenizer());
    List<Shard> shards =
        Partitioner.of(settings.data()).partition(in.split().train(), settings.devices(), seed);
    List<DeviceTrainer> trainers = new ArrayList<>(shards.size());
    for (Shard shard : shards) {
      int[] rows = shard.indices().stream().mapToInt(Integer::intValue).toArray();
      trainers.add(
          new DeviceTrainer(
              shard.device(),
              train.rows(rows),
              model.deviceSide(),
              seed,
              settings.train().batchSize(),
              settings.federated().localLearningRate(),
              settings.privacy()));
    }
    return new HostedDevices(trainers, Cell.place(settings.wirelessFor(model.dims()), seed));
  }

  /** The encoder worker of a cluster's encoder node, on this node's copy of the frozen encoder. */
  public static EncoderWorker encoderWorker(SimulationSettings settings, SplitLoraModel model) {
    return new EncoderWorker(
        model.serverSide(),
        settings.federated().localLearningRate(),
        settings.seed(),
        settings.train().trainable());
  }
}
