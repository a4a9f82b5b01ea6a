package io.parley.http.campaign;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV text's rows (RFC 4180: fields separated by commas, a field in double quotes may hold commas,
 * line breaks and doubled quotes; lines end with CRLF or LF). Blank lines are skipped.
 */
final class CsvRows {
  private CsvRows() {}

  /** @throws IllegalArgumentException when a quoted field is never closed */
  static List<List<String>> of(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') line++;
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        line++;
        row.add(field.toString());
        field.setLength(0);
        if (!(row.size() == 1 && row.get(0).isBlank())) rows.add(row);
        row = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (quoted) throw new IllegalArgumentException("line " + line + ": a quoted field is never closed");
    row.add(field.toString());
    if (!(row.size() == 1 && row.get(0).isBlank())) rows.add(row);
    return rows;
  }
}
