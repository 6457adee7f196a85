package org.edgetune.model;

/**
 * Loss and gradients of one training step on one mini-batch.
 *
 * @param loss mean cross-entropy
 * @param loraGradient dLoss/dLoRA, same names as the LoRA state
 * @param headGradient dLoss/dhead, same names as the head state
 */
public record StepResult(float loss, ParameterState loraGradient, ParameterState headGradient) {}
