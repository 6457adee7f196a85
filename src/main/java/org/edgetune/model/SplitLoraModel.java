package org.edgetune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.edgetune.config.ConfigException;

/**
 * A pre-trained BERT with LoRA adapters and a task head, cut for split learning: the embedding
 * module, the first {@code device-layers} encoder layers ({@link CutPoint}) and the head on the
 * device ({@link #deviceSide()}), the rest of the encoder on the server ({@link #serverSide()}).
 * Also runs the uncut model ({@link #step}, {@link #predict}) for centralized training and as the
 * oracle of the split pipeline.
 *
 * <p>Trainable values live outside as {@link ParameterState}s and are passed to every call: the
 * server's LoRA adapters ("lora") and the device's state ("head": the classifier and, at a deep
 * cut, the adapters of the device's layers, federated with it). This object holds only the frozen
 * base. Load one per JVM and share it between threads.
 */
public final class SplitLoraModel implements AutoCloseable {

  private final ModelSettings settings;
  private final FrozenBert base;
  private final DeviceSide device;
  private final ServerSide server;
  private final EmbeddingModule embeddings;
  private final LoraEncoder encoder;

  private SplitLoraModel(ModelSettings settings, FrozenBert base) {
    this.settings = settings;
    this.base = base;
    this.device = new DeviceSide(base, settings);
    this.server = new ServerSide(base, settings);
    this.embeddings = new EmbeddingModule(base);
    this.encoder = new LoraEncoder(base, settings.lora());
  }

  /**
   * Loads the configured pre-trained model (bundled or from a directory); a max-length beyond the
   * model's position embeddings is bad input, found here because only the files know the positions.
   */
  public static SplitLoraModel load(ModelSettings settings) {
    FrozenBert base = FrozenBert.load(settings.model());
    int positions = base.dims().maxPositions();
    if (settings.maxLength() > positions) {
      base.close();
      throw new ConfigException(
          "config key 'edgetune.model.max-length' = "
              + settings.maxLength()
              + " exceeds the "
              + positions
              + " positions of "
              + settings.model().configName());
    }
    int layers = base.dims().layers();
    if (settings.deviceLayers() >= layers) {
      base.close();
      throw new ConfigException(
          "config key 'edgetune.model.device-layers' = "
              + settings.deviceLayers()
              + " is outside 0.."
              + (layers - 1)
              + ": "
              + settings.model().configName()
              + " has "
              + layers
              + " encoder layers and the server must keep at least one");
    }
    return new SplitLoraModel(settings, base);
  }

  FrozenBert base() {
    return base;
  }

  public ModelSettings settings() {
    return settings;
  }

  public BertDims dims() {
    return base.dims();
  }

  /** Native arrays alive in the shared base and open scopes: constant between steps. */
  public int liveArrays() {
    return base.liveArrays();
  }

  public DeviceSide deviceSide() {
    return device;
  }

  public ServerSide serverSide() {
    return server;
  }

  public CutPoint cut() {
    return settings.cut();
  }

  /**
   * The server's adapters (layers from the cut on): A is drawn from the stream (seed, "lora-init")
   * for every layer in order, B = 0, so each adapter has the same initial value wherever the cut
   * is.
   */
  public ParameterState initialLora(long seed) {
    return settings.cut().serverAdapters(LoraAdapters.initial(base.dims(), settings.lora(), seed));
  }

  /**
   * The device's state: the classifier, drawn from the stream (seed, "head-init"), then at a deep
   * cut the adapters of the device's layers (drawn as in {@link #initialLora}).
   */
  public ParameterState initialHead(long seed) {
    ParameterState head = TaskModule.initial(base.dims().hidden(), settings.classes(), seed);
    if (!settings.cut().deep()) {
      return head;
    }
    return head.union(
        settings.cut().deviceAdapters(LoraAdapters.initial(base.dims(), settings.lora(), seed)));
  }

  /**
   * One uncut forward and backward pass: loss and the gradients of LoRA and head (the device's
   * state: at a deep cut its adapters' gradients are in the head gradient).
   *
   * @param dropoutKey key of the stream for the adapter dropout masks (see {@link
   *     ServerSide#forward})
   */
  public StepResult step(
      TokenBatch tokens, int[] labels, ParameterState lora, ParameterState head, long dropoutKey) {
    try (NDManager scope = base.newScope()) {
      NDArray x = embeddings.forward(scope, tokens);
      NDArray mask = DeviceSide.maskPayload(tokens).toNDArray(scope);
      ParameterArrays adapters = ParameterArrays.trainable(scope, lora);
      ParameterArrays classifier = ParameterArrays.trainable(scope, head);
      ParameterArrays allAdapters = ParameterArrays.union(adapters, classifier);
      LoraDropout dropout = LoraDropout.training(settings.lora().dropout(), dropoutKey);
      float loss =
          Autograd.collect(
              collector -> {
                NDArray hidden = encoder.forward(x, mask, allAdapters, dropout);
                NDArray features = TaskModule.pool(hidden, mask, settings.pooling());
                NDArray l = TaskModule.loss(TaskModule.logits(features, classifier), labels);
                collector.backward(l);
                return l.getFloat();
              });
      return new StepResult(loss, adapters.gradients(), classifier.gradients());
    }
  }

  /**
   * The same step through the split pipeline, as the device and server actors run it: every
   * hand-off is a {@link TensorPayload} of bytes, so only embeddings (or layer-n activations at a
   * deep cut), mask, features, feature gradients and cut gradients cross the cut. At a deep cut the
   * device layers' dropout masks come from the stream keyed by {@code ~dropoutKey}, so with dropout
   * the step differs from {@link #step} (equal without).
   */
  public StepResult splitStep(
      TokenBatch tokens, int[] labels, ParameterState lora, ParameterState head, long dropoutKey) {
    if (!settings.cut().deep()) {
      EmbeddedBatch uplink = device.embed(tokens);
      try (EncoderPass pass = server.forward(uplink, lora, dropoutKey)) {
        HeadStep headStep = device.trainHead(pass.features(), labels, head);
        ParameterState loraGradient = pass.backward(headStep.featureGradient());
        return new StepResult(headStep.loss(), loraGradient, headStep.headGradient());
      }
    }
    try (DevicePass devicePass = device.forward(tokens, head, ~dropoutKey);
        EncoderPass pass = server.forward(devicePass.uplink(), lora, dropoutKey)) {
      HeadStep headStep = device.trainHead(pass.features(), labels, head);
      ParameterState loraGradient = pass.backward(headStep.featureGradient());
      ParameterState adapterGradient = devicePass.backward(pass.inputGradient());
      return new StepResult(
          headStep.loss(), loraGradient, headStep.headGradient().union(adapterGradient));
    }
  }

  /**
   * Logits of the uncut model, without dropout; {@code head} is the device's state (see {@link
   * #step}).
   */
  public Prediction predict(TokenBatch tokens, ParameterState lora, ParameterState head) {
    try (NDManager scope = base.newScope()) {
      NDArray mask = DeviceSide.maskPayload(tokens).toNDArray(scope);
      ParameterArrays classifier = ParameterArrays.constant(scope, head);
      NDArray hidden =
          encoder.forward(
              embeddings.forward(scope, tokens),
              mask,
              ParameterArrays.union(ParameterArrays.constant(scope, lora), classifier),
              LoraDropout.NONE);
      NDArray logits =
          TaskModule.logits(TaskModule.pool(hidden, mask, settings.pooling()), classifier);
      return new Prediction(tokens.batchSize(), settings.classes(), logits.toFloatArray());
    }
  }

  /** The encoder's last hidden states [b, L, d] (what ONNX exports as last_hidden_state). */
  public FloatTensor hiddenStates(TokenBatch tokens, ParameterState lora) {
    try (NDManager scope = base.newScope()) {
      NDArray mask = DeviceSide.maskPayload(tokens).toNDArray(scope);
      NDArray hidden =
          encoder.forward(
              embeddings.forward(scope, tokens),
              mask,
              ParameterArrays.constant(scope, lora),
              LoraDropout.NONE);
      return new FloatTensor(hidden.getShape().getShape(), hidden.toFloatArray());
    }
  }

  /** The pre-trained model: no adapters. */
  public static ParameterState noAdapters() {
    return new ParameterState(Map.of());
  }

  @Override
  public void close() {
    base.close();
  }
}
