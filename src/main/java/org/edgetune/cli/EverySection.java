package org.edgetune.cli;

import com.typesafe.config.Config;
import org.edgetune.cluster.ClusterSettings;
import org.edgetune.sim.SimulationSettings;

/**
 * Reads and validates every section of a configuration, whichever of them the command uses, so a
 * typo in a section this command ignores is not silently carried into config.conf and a later run.
 */
final class EverySection {

  private EverySection() {}

  /**
   * @param cluster whether the run spans cluster nodes (only then is a node-loss fault allowed)
   */
  static SimulationSettings validate(Config config, boolean cluster) {
    SimulationSettings settings = SimulationSettings.fromConfig(config, cluster);
    ClusterSettings.fromConfig(config);
    return settings;
  }
}
