package org.edgetune.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.edgetune.checkpoint.CannotResumeException;
import org.edgetune.checkpoint.CheckpointStore;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.ParameterState;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.sim.SimulationSettings;

/**
 * The trainable state a privacy audit attacks: the round-1 state every run starts from, or the
 * state a run ended with (its newest intact checkpoint): the server's LoRA and the head the devices
 * start the next round from, at a deep cut with the device layers' adapters, which the server holds
 * because it aggregates them.
 *
 * @param description what {@code privacy.json} says the state is
 */
record AuditedState(ParameterState lora, ParameterState head, String description) {

  static AuditedState roundOne(SplitLoraModel model, long seed) {
    return new AuditedState(
        model.initialLora(seed),
        model.initialHead(seed),
        "round 1: LoRA and head initialised from the seed, as every device starts");
  }

  /**
   * The newest intact checkpoint of the run in {@code runDir}.
   *
   * @param option how the user named the directory (an option), for the error message
   * @throws BadInputException when the directory holds no usable checkpoint, or one of another
   *     model or cut
   */
  static AuditedState lastCheckpoint(
      Path runDir, String option, SimulationSettings settings, SplitLoraModel model) {
    if (!Files.isDirectory(runDir)) {
      throw new BadInputException(option + " " + runDir + " is not a directory");
    }
    CheckpointStore.Loaded loaded;
    try {
      loaded = CheckpointStore.ofRun(runDir, settings.checkpoint()).latestValid();
    } catch (CannotResumeException e) {
      throw new BadInputException(
          option + " " + runDir + " holds no checkpoint to audit: " + e.getMessage(), e);
    }
    ParameterState lora = loaded.checkpoint().server().lora().values();
    ParameterState head = loaded.checkpoint().server().head().values();
    String misfit = misfit("LoRA", lora, model.initialLora(settings.seed()));
    if (misfit == null) {
      misfit = misfit("head", head, model.initialHead(settings.seed()));
    }
    if (misfit != null) {
      throw new BadInputException(
          "checkpoint "
              + loaded.file()
              + " does not fit this audit's model and cut (edgetune.model.model, "
              + "edgetune.model.device-layers, edgetune.lora): "
              + misfit);
    }
    return new AuditedState(
        lora,
        head,
        "after "
            + loaded.checkpoint().nextRound()
            + " rounds: the run's newest checkpoint "
            + loaded.file().getFileName());
  }

  /** Why {@code found} has another layout than {@code expected}, or null when it has the same. */
  private static String misfit(String what, ParameterState found, ParameterState expected) {
    if (!found.tensors().keySet().equals(expected.tensors().keySet())) {
      return what
          + " parameters "
          + found.tensors().keySet()
          + ", expected "
          + expected.tensors().keySet();
    }
    for (Map.Entry<String, FloatTensor> e : expected.tensors().entrySet()) {
      long[] shape = found.get(e.getKey()).shape();
      if (!Arrays.equals(shape, e.getValue().shape())) {
        return what
            + " parameter "
            + e.getKey()
            + " has shape "
            + Arrays.toString(shape)
            + ", expected "
            + Arrays.toString(e.getValue().shape());
      }
    }
    return null;
  }
}
