package org.edgetune.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Loads a run's configuration: the scenario file (and any files layered over it, such as a fault
 * plan), then {@code key=value} overrides on top, with the library defaults ({@code
 * reference.conf}) underneath, resolved once. What the user gives may only hold the two sections
 * the program reads, {@code edgetune} and {@code pekko} (actor system settings); any other key
 * would be ignored silently ({@code --set rounds=12}), so it is refused with the nearest valid key.
 */
public final class ConfigLoader {

  /** Top-level sections a scenario file or override may set. */
  public static final Set<String> SECTIONS = Set.of("edgetune", "pekko");

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
      Config layer;
      try {
        layer =
            ConfigFactory.parseFile(
                file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
      } catch (StackOverflowError e) {
        throw new ConfigException(
            "config file " + file + " nests too deeply to be read (or includes itself)");
      }
      checkSections(layer, "config file " + file);
      scenario = layer.withFallback(scenario);
    }
    Config overridden = ConfigFactory.empty();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("override '" + override + "' must look like key=value");
      }
      Config layer;
      try {
        layer =
            ConfigFactory.parseString(
                override,
                ConfigParseOptions.defaults()
                    .setOriginDescription("--set " + abbreviate(override)));
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("cannot parse override '" + override + "': " + e.getMessage(), e);
      } catch (StackOverflowError e) {
        throw new ConfigException(
            "override '" + abbreviate(override) + "' nests too deeply to be read");
      }
      checkSections(layer, "--set " + abbreviate(override));
      overridden = layer.withFallback(overridden);
    }
    Config merged;
    try {
      merged =
          overridden
              .withFallback(scenario)
              .withFallback(ConfigFactory.defaultReference())
              .resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("cannot resolve the configuration: " + e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new ConfigException("the configuration nests too deeply to be resolved");
    }
    if (merged.root().get("edgetune").valueType() != ConfigValueType.OBJECT) {
      throw new ConfigException(
          "config key 'edgetune' must be a section { ... }, not "
              + merged.root().get("edgetune").render()
              + " ("
              + merged.root().get("edgetune").origin().description()
              + ")");
    }
    return merged;
  }

  private static void checkSections(Config layer, String source) {
    for (String key : layer.root().keySet()) {
      if (!SECTIONS.contains(key)) {
        String path = firstLeaf(layer, key);
        throw new ConfigException(
            "unknown config key '"
                + path
                + "' in "
                + source
                + ": only keys under edgetune (and pekko) are read"
                + KeySuggestions.didYouMean(path, List.of()));
      }
    }
  }

  /**
   * The full path of the first value under a top-level key, e.g. {@code rounds} or {@code
   * schedule.rounds}.
   */
  private static String firstLeaf(Config layer, String key) {
    String path = key;
    var value = layer.root().get(key);
    while (value.valueType() == ConfigValueType.OBJECT
        && !((com.typesafe.config.ConfigObject) value).isEmpty()) {
      var object = (com.typesafe.config.ConfigObject) value;
      String next = object.keySet().iterator().next();
      path = path + "." + next;
      value = object.get(next);
      if (path.length() > 200) {
        break;
      }
    }
    return path;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
