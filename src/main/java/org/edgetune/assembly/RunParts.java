package org.edgetune.assembly;

/**
 * The domain parts of a run that its actors wrap, built once by {@link RunAssembly}.
 *
 * @param seed the run's seed (the devices' channel streams are keyed by it)
 * @param devices the devices this JVM hosts ({@link HostedDevices#NONE} on a cluster's server)
 */
public record RunParts(
    long seed,
    HostedDevices devices,
    ServerParts server,
    SchedulerParts scheduler,
    RoundPlan plan,
    InjectedFaults faults) {

  /** The same parts hosting {@code hosted} in this JVM. */
  public RunParts withDevices(HostedDevices hosted) {
    return new RunParts(seed, hosted, server, scheduler, plan, faults);
  }
}
