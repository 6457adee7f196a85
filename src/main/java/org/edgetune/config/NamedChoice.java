package org.edgetune.config;

import java.util.Arrays;
import java.util.List;

/**
 * A value of a config key that names one of a fixed set (an enum whose constants each have the name
 * a config file uses). Read with {@link ConfigReader#choice}, which refuses any other name with the
 * key and the allowed names.
 */
public interface NamedChoice {

  /** The name a config file uses for this value. */
  String configName();

  /** The names of all values of {@code type}, in declaration order. */
  static <E extends Enum<E> & NamedChoice> List<String> names(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(NamedChoice::configName).toList();
  }

  /**
   * The value of {@code type} named {@code name}.
   *
   * @throws IllegalArgumentException naming the type and the allowed names when there is none
   */
  static <E extends Enum<E> & NamedChoice> E of(Class<E> type, String name) {
    for (E value : type.getEnumConstants()) {
      if (value.configName().equals(name)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "no "
            + type.getSimpleName()
            + " named '"
            + name
            + "'; allowed: "
            + String.join(", ", names(type)));
  }
}
