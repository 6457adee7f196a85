package org.edgetune.schedule;

import java.util.List;

/**
 * Everything a policy sees when it decides round {@code round} (0-based) of a horizon of {@code
 * horizon} rounds: the channel reports (one per device, {@code reports.get(k)} is device k's, an
 * immutable list) and the virtual energy queues Q_k(t) in joules (a plugin gets a copy). The run's
 * constants — budget, deadline, costs, bound — are in the {@link PolicyContext}.
 */
public record RoundInput(
    long round, long horizon, List<ChannelReport> reports, EnergyQueues queues) {}
