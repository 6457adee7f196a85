package org.edgetune.model;

/**
 * The device's half of a split step.
 *
 * @param loss mean cross-entropy of the mini-batch
 * @param featureGradient dLoss/dfeatures [b, d], what the device uploads to the server
 * @param headGradient dLoss/dhead, for the device's own head update
 */
public record HeadStep(float loss, TensorPayload featureGradient, ParameterState headGradient) {}
