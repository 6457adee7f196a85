package org.edgetune.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a run's configuration: the scenario file (and any files layered over it, such as a fault
 * plan), then {@code key=value} overrides on top, with the library defaults ({@code reference.conf})
 * underneath, resolved once.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /** {@code file} may be null for the defaults alone; each override is one {@code key=value}. */
  public static Config load(Path file, List<String> overrides) {
    return loadLayers(file == null ? List.of() : List.of(file), overrides);
  }

  /** Each file in {@code files} overrides the ones before it. */
  public static Config loadLayers(List<Path> files, List<String> overrides) {
    Config scenario = ConfigFactory.empty();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("config file " + file + " does not exist or is not a file");
      }
      try {
        scenario = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
            .withFallback(scenario);
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
      }
    }
    Config overridden = ConfigFactory.empty();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("override '" + override + "' must look like key=value");
      }
      try {
        overridden = ConfigFactory.parseString(override).withFallback(overridden);
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("cannot parse override '" + override + "': " + e.getMessage(), e);
      }
    }
    try {
      return overridden.withFallback(scenario).withFallback(ConfigFactory.defaultReference()).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("cannot resolve the configuration: " + e.getMessage(), e);
    }
  }
}
