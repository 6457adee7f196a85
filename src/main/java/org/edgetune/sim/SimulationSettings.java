package org.edgetune.sim;

import com.typesafe.config.Config;
import org.edgetune.checkpoint.CheckpointSettings;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigReader;
import org.edgetune.config.KnownSections;
import org.edgetune.data.DataSettings;
import org.edgetune.faults.FaultPlan;
import org.edgetune.faults.FaultSettings;
import org.edgetune.model.BertDims;
import org.edgetune.model.LoraAdapters;
import org.edgetune.model.ModelSettings;
import org.edgetune.privacy.PrivacySettings;
import org.edgetune.schedule.ScheduleSettings;
import org.edgetune.train.FederatedSettings;
import org.edgetune.train.TrainSettings;
import org.edgetune.wireless.WirelessSettings;
import org.edgetune.wireless.Workload;

/**
 * Everything a split federated simulation reads from the config, validated up front so that a bad
 * value fails before anything is written. The wireless workload (b, L, d, N, I, τ) is derived from
 * the training and model settings ({@link #wirelessFor}), so the energy accounting always describes
 * what is trained, cut point included.
 */
public record SimulationSettings(
    long seed,
    ModelSettings model,
    DataSettings data,
    TrainSettings train,
    FederatedSettings federated,
    WirelessSettings wireless,
    ScheduleSettings schedule,
    FaultPlan faults,
    CheckpointSettings checkpoint,
    PrivacySettings privacy) {

  /** The settings of a run in one JVM (which cannot lose a node). */
  public static SimulationSettings fromConfig(Config config) {
    return fromConfig(config, false);
  }

  /**
   * @param cluster whether the run spans cluster nodes (only then is a node-loss fault possible)
   */
  public static SimulationSettings fromConfig(Config config, boolean cluster) {
    KnownSections.check(config);
    ConfigReader root = new ConfigReader(config, "edgetune");
    long seed = root.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE);
    ModelSettings model = ModelSettings.fromConfig(config);
    TrainSettings train = TrainSettings.fromConfig(config);
    FederatedSettings federated = FederatedSettings.fromConfig(config);
    if (federated.batchEncoder() && train.localSteps() != 1) {
      throw new ConfigException(
          "config key 'edgetune.federated.batch-encoder' = true needs "
              + "'edgetune.train.local-steps' = 1, not "
              + train.localSteps());
    }
    if (federated.batchEncoder() && model.cut().deep()) {
      throw new ConfigException(
          "config key 'edgetune.model.device-layers' = "
              + model.deviceLayers()
              + " cannot be combined with 'edgetune.federated.batch-encoder' = true: the batched encoder pass "
              + "back-propagates only at aggregation, so no device would get its cut gradient; use device-layers = 0 "
              + "or batch-encoder = false");
    }
    WirelessSettings wireless = WirelessSettings.from(config);
    ScheduleSettings schedule = ScheduleSettings.from(config);
    FaultPlan faults =
        FaultSettings.fromConfig(config, seed, schedule.rounds(), wireless.devices(), cluster);
    DataSettings data = DataSettings.fromConfig(config);
    data.requireHeadFits(model.classes());
    return new SimulationSettings(
        seed,
        model,
        data,
        train,
        federated,
        wireless,
        schedule,
        faults,
        CheckpointSettings.fromConfig(config),
        PrivacySettings.fromConfig(config));
  }

  /**
   * The cell with the workload actually trained: b, L, τ from these settings, d, layers and FFN
   * width from the loaded model, so device and server FLOPs follow the model, and the device FLOPs
   * of the privacy defences, so the scheduler sees what they cost.
   */
  public WirelessSettings wirelessFor(BertDims dims) {
    return wireless.withWorkload(
        new Workload(
            train.batchSize(),
            model.maxLength(),
            dims.hidden(),
            dims.layers(),
            dims.intermediate(),
            model.classes(),
            train.localSteps(),
            wireless.workload().bitsPerValue(),
            privacy.deviceFlopsPerSample(model.maxLength(), dims.hidden()),
            model.deviceLayers(),
            model.deviceLayers() * LoraAdapters.parametersPerLayer(dims, model.lora())));
  }

  public int devices() {
    return wireless.devices();
  }

  public long rounds() {
    return schedule.rounds();
  }
}
