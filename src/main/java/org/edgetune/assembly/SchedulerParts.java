package org.edgetune.assembly;

import java.time.Duration;
import org.edgetune.schedule.Scheduler;

/**
 * What the scheduler actor wraps.
 *
 * @param reportTimeout how long the scheduler waits for the devices' channel reports
 */
public record SchedulerParts(Scheduler scheduler, Duration reportTimeout) {}
