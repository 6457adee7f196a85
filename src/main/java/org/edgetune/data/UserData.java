package org.edgetune.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.edgetune.config.ConfigException;

/**
 * A data set of the user's own, in JSON Lines or CSV: each record one example with a text, a class
 * label and optionally a group. Ids are the record's line number, zero-padded so that id order is
 * file order.
 */
public final class UserData {

  private UserData() {}

  /** The records of the file, checked: every field present, no empty text. */
  static List<TableRow> rows(DataSource source, Path file, String key, TableFields fields) {
    List<TableRow> rows =
        switch (source) {
          case JSONL -> JsonlTable.read(file, key, fields);
          case CSV -> CsvTable.read(file, key, fields);
          default -> throw new IllegalArgumentException(source + " is not a user data format");
        };
    for (TableRow row : rows) {
      if (row.text() == null || row.text().isBlank()) {
        throw DataFileException.atField(file, row.line(), fields.text(), "is empty");
      }
      if (row.label() == null || row.label().isBlank()) {
        throw DataFileException.atField(file, row.line(), fields.label(), "is empty");
      }
    }
    if (rows.isEmpty()) {
      throw new ConfigException("data file " + file + " holds no records");
    }
    return rows;
  }

  /**
   * The classes found in the file: distinct labels in ascending string order (Java's String order).
   */
  static List<String> classesIn(List<TableRow> rows) {
    return List.copyOf(
        rows.stream().map(TableRow::label).collect(Collectors.toCollection(TreeSet::new)));
  }

  /**
   * The examples, labels resolved against the class list; a label outside it fails naming the line.
   */
  static List<Example> examples(
      List<TableRow> rows, List<String> classes, Path file, TableFields fields) {
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      index.put(classes.get(c), c);
    }
    int width = Long.toString(rows.get(rows.size() - 1).line()).length();
    List<Example> examples = new ArrayList<>(rows.size());
    for (TableRow row : rows) {
      Integer label = index.get(row.label());
      if (label == null) {
        throw DataFileException.atField(
            file,
            row.line(),
            fields.label(),
            "has the unknown label '" + row.label() + "'; edgetune.data.classes lists " + classes);
      }
      String id = String.format("%0" + width + "d", row.line());
      examples.add(Example.of(id, row.group(), row.text(), label));
    }
    return examples;
  }
}
