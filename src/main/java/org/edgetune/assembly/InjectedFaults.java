package org.edgetune.assembly;

import org.edgetune.faults.FaultLog;
import org.edgetune.faults.FaultPlan;

/** The faults a run injects and the log of those that fired in this JVM. */
public record InjectedFaults(FaultPlan plan, FaultLog log) {}
