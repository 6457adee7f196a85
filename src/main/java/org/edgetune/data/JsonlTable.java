package org.edgetune.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON Lines: one JSON object per line, blank lines skipped. Jackson parses each line; this
 * class only picks the configured fields and says where a record is wrong.
 */
final class JsonlTable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonlTable() {}

  static List<TableRow> read(Path file, String key, TableFields fields) {
    String content = Utf8Text.read(file, key);
    List<TableRow> rows = new ArrayList<>();
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      long line = i + 1L;
      if (lines[i].isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(lines[i]);
      } catch (JsonProcessingException e) {
        throw DataFileException.at(file, line, "malformed JSON (" + e.getOriginalMessage() + ")");
      }
      if (!node.isObject()) {
        throw DataFileException.at(
            file, line, "expected a JSON object, found " + node.getNodeType().name().toLowerCase());
      }
      rows.add(
          new TableRow(
              line,
              value(file, line, node, fields.text()),
              value(file, line, node, fields.label()),
              fields.hasGroup() ? value(file, line, node, fields.group()) : ""));
    }
    return rows;
  }

  private static String value(Path file, long line, JsonNode record, String field) {
    JsonNode value = record.get(field);
    if (value == null || value.isNull()) {
      throw DataFileException.atField(file, line, field, "is missing");
    }
    if (!value.isValueNode()) {
      throw DataFileException.atField(
          file,
          line,
          field,
          "must be a string or number, not " + value.getNodeType().name().toLowerCase());
    }
    return value.asText();
  }
}
