package org.edgetune.model;

/**
 * AdamW's running moments for one set of parameters (a LoRA working copy or a head).
 *
 * @param steps updates applied so far (for bias correction)
 * @param firstMoment m, the running mean of gradients
 * @param secondMoment v, the running mean of squared gradients
 */
public record AdamWState(long steps, ParameterState firstMoment, ParameterState secondMoment) {

  public static AdamWState initial(ParameterState parameters) {
    return new AdamWState(0, parameters.zerosLike(), parameters.zerosLike());
  }
}
