package org.edgetune.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgetune.config.ConfigException;

/**
 * Reads CSV with a header row (RFC 4180 quoting, so texts may hold commas, quotes and line breaks).
 * Jackson's CSV parser does the parsing; a record's line is the line it starts on.
 */
final class CsvTable {

  private static final CsvMapper CSV =
      CsvMapper.builder()
          .enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .build();

  private CsvTable() {}

  static List<TableRow> read(Path file, String key, TableFields fields) {
    String content = Utf8Text.read(file, key);
    List<TableRow> rows = new ArrayList<>();
    CsvSchema schema = CsvSchema.emptySchema().withHeader().withStrictHeaders(false);
    try (MappingIterator<Map<String, String>> records =
        CSV.readerForMapOf(String.class).with(schema).readValues(content)) {
      List<String> header = null;
      while (true) {
        long line = records.getParser().currentLocation().getLineNr();
        Map<String, String> record;
        try {
          if (!records.hasNextValue()) {
            break;
          }
          line = records.getParser().currentLocation().getLineNr();
          record = records.nextValue();
        } catch (IOException | RuntimeException e) {
          throw DataFileException.at(file, line, "malformed CSV (" + firstLine(e) + ")");
        }
        if (header == null) {
          header = ((CsvSchema) records.getParserSchema()).getColumnNames();
          for (String field :
              fields.hasGroup()
                  ? List.of(fields.text(), fields.label(), fields.group())
                  : List.of(fields.text(), fields.label())) {
            if (!header.contains(field)) {
              throw DataFileException.atField(
                  file, 1, field, "is not a column of the header " + header);
            }
          }
        }
        rows.add(
            new TableRow(
                line,
                record.get(fields.text()),
                record.get(fields.label()),
                fields.hasGroup() ? record.get(fields.group()) : ""));
      }
    } catch (IOException e) {
      throw new ConfigException("data file " + file + ": malformed CSV (" + firstLine(e) + ")", e);
    }
    return rows;
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
