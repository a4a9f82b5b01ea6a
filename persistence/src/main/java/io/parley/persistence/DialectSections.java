package io.parley.persistence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One dialect's text of a migration script. A script is written once for H2 and PostgreSQL; where
 * they differ it has sections: the lines after a line {@code -- [h2]} are H2's only, those after
 * {@code -- [postgres]} PostgreSQL's only, up to the next such line or to {@code -- [end]}, after
 * which lines are both dialects' again. The marker lines belong to neither dialect, so a dialect's
 * text is exactly what it runs and what its checksum covers.
 */
final class DialectSections {
  private static final String END = "-- [end]";

  /** A dialect's text and, for each of its lines, the line of the script it comes from (1-based). */
  record Rendered(String text, List<Integer> scriptLines) {}

  private DialectSections() {}

  /**
   * {@code script}'s lines common to both dialects and those of {@code dialect}'s sections.
   *
   * @param resource where the script was read from, for the errors
   */
  static Rendered render(String resource, String script, Dialect dialect) {
    StringBuilder text = new StringBuilder();
    List<Integer> scriptLines = new ArrayList<>();
    Optional<Dialect> section = Optional.empty();
    int sectionLine = 0;
    String[] lines = script.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNumber = i + 1;
      String line = lines[i];
      if (line.strip().startsWith("-- [")) {
        if (line.strip().equals(END)) {
          if (section.isEmpty()) throw invalid(resource, lineNumber, END + " closes no section");
          section = Optional.empty();
        } else {
          section = Optional.of(sectionOf(resource, lineNumber, line.strip()));
          sectionLine = lineNumber;
        }
        continue;
      }
      if (section.isPresent() && section.get() != dialect) continue;
      if (!scriptLines.isEmpty()) text.append('\n');
      text.append(line);
      scriptLines.add(lineNumber);
    }
    if (section.isPresent()) {
      throw invalid(resource, sectionLine, "the " + section.get().wireName() + " section is not closed by " + END);
    }
    return new Rendered(text.toString(), List.copyOf(scriptLines));
  }

  private static Dialect sectionOf(String resource, int lineNumber, String marker) {
    return Arrays.stream(Dialect.values())
        .filter(dialect -> marker.equals("-- [" + dialect.wireName() + "]"))
        .findFirst()
        .orElseThrow(() -> invalid(resource, lineNumber, "'" + marker + "' is not -- [h2], -- [postgres] or " + END));
  }

  private static MigrationException invalid(String resource, int lineNumber, String what) {
    return new MigrationException("Migration " + resource + ", line " + lineNumber + ": " + what);
  }
}
