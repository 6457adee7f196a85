/**
 * The foundation model, cut for split federated LoRA (DESIGN.md §1).
 *
 * <p>{@link org.edgetune.model.SplitLoraModel#load} reads the configured pre-trained BERT ({@link
 * org.edgetune.model.ModelSettings}, section {@code edgetune.model}: a bundled model or a
 * directory, both a {@link org.edgetune.model.ModelSource}) from its ONNX file, checked and
 * measured by {@link org.edgetune.model.OnnxBert}, into one frozen base per JVM. Around it:
 *
 * <ul>
 *   <li>{@link org.edgetune.model.DeviceSide}: the embedding module (tokens → embeddings payload)
 *       and the task head (features payload + labels → loss, feature gradient, head gradient); at a
 *       deep {@link org.edgetune.model.CutPoint} also the first n encoder layers with their
 *       adapters (tokens → layer-n activations, then cut gradient → adapter gradients through a
 *       {@link org.edgetune.model.DevicePass});
 *   <li>{@link org.edgetune.model.ServerSide}: the encoder (from the cut on) with a given LoRA
 *       state and pooling (embeddings or activations payload → features payload, then feature
 *       gradient → LoRA gradient, and at a deep cut the cut gradient, through an {@link
 *       org.edgetune.model.EncoderPass});
 *   <li>the uncut model ({@code step}, {@code predict}) for centralized training and as the oracle
 *       of the split pipeline.
 * </ul>
 *
 * <p>Everything that crosses the cut is a {@link org.edgetune.model.TensorPayload} (shape and
 * little-endian bytes); everything trainable is a {@link org.edgetune.model.ParameterState} (LoRA
 * or head, plain Java), updated by {@link org.edgetune.model.AdamW} and averaged by {@link
 * org.edgetune.model.ParameterState#weightedAverage}. Engine arrays never leave a call.
 */
package org.edgetune.model;
