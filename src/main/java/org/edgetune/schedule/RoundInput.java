package org.edgetune.schedule;

import java.util.List;

/**
 * Everything a policy sees when it decides round {@code round} of a horizon of {@code horizon}
 * rounds: the channel reports (one per device, indexed by device id) and the energy queues.
 */
public record RoundInput(long round, long horizon, List<ChannelReport> reports, EnergyQueues queues) {}
