package org.edgetune.assembly;

import java.time.Duration;

/**
 * How the edge server runs its encoder passes.
 *
 * @param stepTimeout how long one training step may take before it counts as failed
 * @param batchEncoder one encoder pass over all scheduled devices' activations per step
 * @param workers encoder workers in the server's JVM
 */
public record EncoderTier(Duration stepTimeout, boolean batchEncoder, int workers) {}
