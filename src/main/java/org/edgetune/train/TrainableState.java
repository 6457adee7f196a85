package org.edgetune.train;

import org.edgetune.model.AdamW;
import org.edgetune.model.AdamWState;
import org.edgetune.model.ParameterState;

/** One set of trainable values (LoRA or a head) with its AdamW moments. */
public record TrainableState(ParameterState values, AdamWState optimizer) {

  public static TrainableState fresh(ParameterState values) {
    return new TrainableState(values, AdamWState.initial(values));
  }

  public TrainableState step(AdamW adamW, ParameterState gradient) {
    AdamW.Update update = adamW.step(values, gradient, optimizer);
    return new TrainableState(update.parameters(), update.state());
  }
}
