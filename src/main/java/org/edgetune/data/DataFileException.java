package org.edgetune.data;

import java.nio.file.Path;
import org.edgetune.config.ConfigException;

/** Bad input in a user data file: names the file, the line and, where there is one, the field. */
final class DataFileException {

  private DataFileException() {}

  static ConfigException at(Path file, long line, String problem) {
    return new ConfigException("data file " + file + " line " + line + ": " + problem);
  }

  static ConfigException atField(Path file, long line, String field, String problem) {
    return at(file, line, "field '" + field + "' " + problem);
  }
}
