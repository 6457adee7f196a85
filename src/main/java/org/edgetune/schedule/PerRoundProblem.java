package org.edgetune.schedule;

import java.util.function.IntToDoubleFunction;

/**
 * One round's drift-plus-penalty problem: minimise penalty(N) + Σ_{i∈S} w_i·E_i(β_i) over the set S
 * of candidates and their shares, with penalty(N) = V·w_t·Φ(N).
 */
record PerRoundProblem(RoundCosts costs, IntToDoubleFunction penalty) {

  double objective(Allocation a) {
    return penalty.applyAsDouble(a.size()) + a.energyCost();
  }
}
