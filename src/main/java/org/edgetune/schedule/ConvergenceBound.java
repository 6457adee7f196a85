package org.edgetune.schedule;

/**
 * The learning bound of DESIGN.md §5: round t weighs w_t = ρ^(T−1−t) and a round with N updates
 * contributes Φ(N) = σ²/(N·b) + G²·(K−N)/(N·(K−1)); Φ(0) is the configured no-update penalty.
 */
public record ConvergenceBound(
    double decay,
    double variance,
    double dissimilarity,
    double noUpdatePenalty,
    int batchSize,
    int population) {

  public static ConvergenceBound of(ScheduleSettings s, int batchSize, int population) {
    return new ConvergenceBound(
        s.bound().decay(),
        s.bound().gradientVariance(),
        s.bound().gradientDissimilarity(),
        s.bound().noUpdatePenalty(),
        batchSize,
        population);
  }

  /** w_t for round t of a horizon of T rounds; rounds past the horizon weigh 1. */
  public double weight(long round, long horizon) {
    long exponent = Math.max(0, horizon - 1 - round);
    return Math.pow(decay, exponent);
  }

  /**
   * w_t ÷ w̄_T with w̄_T = (1/T)·Σ_s w_s = (1 − ρ^T)/(T·(1 − ρ)): the weights of a horizon rescaled
   * to mean 1 (1 for every round when ρ = 1).
   */
  public double normalisedWeight(long round, long horizon) {
    if (decay == 1) {
      return 1;
    }
    double mean = -Math.expm1(horizon * Math.log(decay)) / (horizon * (1 - decay));
    return weight(round, horizon) / mean;
  }

  public double phi(int scheduled) {
    if (scheduled == 0) {
      return noUpdatePenalty;
    }
    double sampling = variance / ((double) scheduled * batchSize);
    // With one device in the population there is no partial participation.
    double partial =
        population <= 1
            ? 0
            : dissimilarity * (population - scheduled) / ((double) scheduled * (population - 1));
    return sampling + partial;
  }
}
