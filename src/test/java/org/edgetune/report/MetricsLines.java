package org.edgetune.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgetune.output.OutputDirectory;

/** A run's {@code metrics.jsonl} as JSON objects, for comparing runs line by line. */
public final class MetricsLines {

  private MetricsLines() {}

  /**
   * Every line of {@code dir/metrics.jsonl} without {@code wall_seconds}, the one field timing
   * decides.
   */
  public static List<JsonNode> withoutWallTime(Path dir) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
      ObjectNode record = (ObjectNode) OutputDirectory.JSON.readTree(line);
      record.remove("wall_seconds");
      records.add(record);
    }
    return records;
  }
}
