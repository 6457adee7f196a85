package org.edgetune.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.Missing;
import com.typesafe.config.ConfigException.WrongType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one section of the HOCON config into typed values, validating each on the way: a missing
 * key, a wrong type or an out-of-range value fails with the full key name and the allowed range.
 * Settings records are built with it once at start-up; {@link #rejectUnknownKeys()} then catches
 * typos such as {@code bandwith-hz}.
 */
public final class ConfigReader {

  private final Config config;
  private final String path;
  private final Set<String> read = new LinkedHashSet<>();

  public ConfigReader(Config root, String path) {
    this.path = path;
    try {
      this.config = root.getConfig(path);
    } catch (Missing e) {
      throw new ConfigException("missing config section '" + path + "'");
    } catch (WrongType e) {
      throw new ConfigException(
          "config key '" + path + "' must be a section { ... } (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads a section that is not at a path of its own, such as one element of a list of sections.
   */
  public static ConfigReader element(Config section, String displayPath) {
    return new ConfigReader(section.atKey("element"), "element", displayPath);
  }

  public String path() {
    return path;
  }

  public String key(String name) {
    return path + "." + name;
  }

  public boolean has(String name) {
    read.add(name);
    return config.hasPath(name);
  }

  public double doubleIn(String name, double min, double max) {
    double value = typed(name, () -> config.getDouble(name), "a number");
    if (!(value >= min && value <= max)) {
      throw outOfRange(name, value, "[" + min + ", " + max + "]");
    }
    return value;
  }

  /** A number in the open-closed interval (min, max]. */
  public double doubleAbove(String name, double min, double max) {
    double value = typed(name, () -> config.getDouble(name), "a number");
    if (!(value > min && value <= max)) {
      throw outOfRange(name, value, "(" + min + ", " + max + "]");
    }
    return value;
  }

  public int intIn(String name, int min, int max) {
    return (int) longIn(name, min, max);
  }

  public long longIn(String name, long min, long max) {
    long value = integral(name);
    if (value < min || value > max) {
      throw outOfRange(name, value, "[" + min + ", " + max + "]");
    }
    return value;
  }

  /**
   * A whole number in the range of a 64-bit integer. The config library would cut 4.9 to 4 and
   * clamp 2^64 to 2^63 − 1 (so all such seeds would be one), so a fraction or a number beyond the
   * range is refused here.
   */
  private long integral(String name) {
    Number number = typed(name, () -> config.getNumber(name), "an integer");
    if (number instanceof Integer || number instanceof Long) {
      return number.longValue();
    }
    // The text as written, so that 2^63 is not mistaken for the double it rounds to.
    BigDecimal value;
    try {
      value = new BigDecimal(render(name).replace("\"", "").strip());
    } catch (NumberFormatException e) {
      value = BigDecimal.valueOf(number.doubleValue());
    }
    if (value.stripTrailingZeros().scale() > 0) {
      throw new ConfigException(
          "config key '"
              + key(name)
              + "' = "
              + render(name)
              + " must be a whole number"
              + origin(name));
    }
    if (value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0
        || value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new ConfigException(
          "config key '"
              + key(name)
              + "' = "
              + render(name)
              + " is outside the range of a 64-bit integer ["
              + Long.MIN_VALUE
              + ", "
              + Long.MAX_VALUE
              + "]"
              + origin(name));
    }
    return value.longValueExact();
  }

  private String render(String name) {
    return config.getValue(name).render();
  }

  /** Where a value was set, e.g. {@code (conf/x.conf: 3)}; nothing for the library defaults. */
  private String origin(String name) {
    String where = config.getValue(name).origin().description();
    return where == null ? "" : " (" + where + ")";
  }

  public boolean bool(String name) {
    return typed(name, () -> config.getBoolean(name), "true or false");
  }

  public String string(String name) {
    return typed(name, () -> config.getString(name), "a string");
  }

  public String oneOf(String name, List<String> allowed) {
    String value = string(name);
    if (!allowed.contains(value)) {
      throw new ConfigException(
          "config key '"
              + key(name)
              + "' is '"
              + value
              + "'; allowed: "
              + String.join(", ", allowed));
    }
    return value;
  }

  /** The value of {@code type} the key names; any other name is refused with the allowed ones. */
  public <E extends Enum<E> & NamedChoice> E choice(String name, Class<E> type) {
    return NamedChoice.of(type, oneOf(name, NamedChoice.names(type)));
  }

  public List<String> strings(String name) {
    return typed(name, () -> List.copyOf(config.getStringList(name)), "a list of strings");
  }

  public List<Double> doubles(String name) {
    return typed(name, () -> List.copyOf(config.getDoubleList(name)), "a list of numbers");
  }

  public List<Long> longs(String name) {
    return typed(name, () -> List.copyOf(config.getLongList(name)), "a list of integers");
  }

  /**
   * A section's raw content, for sections whose keys are data (such as a block of config
   * overrides).
   */
  public Config subtree(String name) {
    return typed(name, () -> config.getConfig(name), "a section { ... }");
  }

  public List<? extends Config> configList(String name) {
    return typed(name, () -> config.getConfigList(name), "a list of sections [{ ... }, ...]");
  }

  public ConfigReader section(String name) {
    read.add(name);
    return new ConfigReader(config, name, key(name));
  }

  /**
   * Fails when the section holds a key that no getter asked for (a typo or an unsupported option).
   */
  public void rejectUnknownKeys() {
    Set<String> unknown = new TreeSet<>();
    for (var entry : config.entrySet()) {
      String k = entry.getKey();
      if (read.stream().noneMatch(r -> k.equals(r) || k.startsWith(r + "."))) {
        unknown.add(key(k));
      }
    }
    if (!unknown.isEmpty()) {
      List<String> known = new ArrayList<>();
      read.forEach(r -> known.add(key(r)));
      String first = unknown.iterator().next();
      String where = config.getValue(first.substring(path.length() + 1)).origin().description();
      throw new ConfigException(
          "unknown config key"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown.stream().map(ConfigReader::shorten).toList())
              + (where == null ? "" : " (" + where + ")")
              + KeySuggestions.didYouMean(first, known)
              + " (known keys in this section: "
              + String.join(", ", known)
              + ")");
    }
  }

  private ConfigReader(Config parent, String name, String fullPath) {
    this.path = fullPath;
    try {
      this.config = parent.getConfig(name);
    } catch (Missing e) {
      throw new ConfigException("missing config section '" + fullPath + "'");
    } catch (WrongType e) {
      throw new ConfigException("config key '" + fullPath + "' must be a section { ... }");
    }
  }

  private <T> T typed(String name, java.util.function.Supplier<T> getter, String expected) {
    read.add(name);
    try {
      return getter.get();
    } catch (Missing e) {
      throw new ConfigException(
          "missing config key '" + key(name) + "' (expected " + expected + ")");
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(
          "config key '" + key(name) + "' must be " + expected + " (" + e.getMessage() + ")");
    }
  }

  /**
   * A key short enough for a one-line message (a runaway nested key can be thousands of
   * characters).
   */
  private static String shorten(String key) {
    return key.length() <= 120 ? key : key.substring(0, 117) + "...";
  }

  private ConfigException outOfRange(String name, Object value, String range) {
    return new ConfigException(
        "config key '"
            + key(name)
            + "' = "
            + value
            + " is out of range; allowed "
            + range
            + origin(name));
  }
}
