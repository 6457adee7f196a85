package org.edgetune.schedule;

import java.util.List;

/**
 * A policy's answer for one round: the grants (any order; the scheduler sorts them by device), and
 * the per-round objective V·w_t·Φ(N) + Σ Q_k·E_k the policy attained by its own reckoning (NaN for
 * policies that do not optimise it).
 */
public record RoundDecision(List<Grant> grants, double objective) {}
