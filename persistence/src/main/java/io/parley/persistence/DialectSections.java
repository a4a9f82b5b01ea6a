package io.parley.persistence;

import java.util.Arrays;
import java.util.Optional;

/**
 * One dialect's text of a migration script. A script is written once for H2 and PostgreSQL; where
 * they differ it has sections: the lines after a line {@code -- [h2]} are H2's only, those after
 * {@code -- [postgres]} PostgreSQL's only, up to the next such line or to {@code -- [end]}, after
 * which lines are both dialects' again.
 *
 * <p>The marker lines and the other dialect's lines become empty lines rather than disappear: a
 * failing statement is then named by its line in the file, and Flyway's checksum (a CRC32 of the
 * lines' contents, to which an empty line adds nothing) covers only what the dialect runs, so an
 * edit of the other dialect's section does not look like an edited migration.
 */
final class DialectSections {
  private static final String END = "-- [end]";

  private DialectSections() {}

  /**
   * {@code script} as {@code dialect} runs it: line endings normalised, the lines of the other
   * dialect's sections and the markers emptied.
   *
   * @param resource where the script was read from, for the errors
   */
  static String render(String resource, String script, Dialect dialect) {
    StringBuilder text = new StringBuilder();
    Optional<Dialect> section = Optional.empty();
    int sectionLine = 0;
    String[] lines = script.replace("\r\n", "\n").split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNumber = i + 1;
      String line = lines[i];
      if (i > 0) text.append('\n');
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
      if (section.isEmpty() || section.get() == dialect) text.append(line);
    }
    if (section.isPresent()) {
      throw invalid(resource, sectionLine, "the " + section.get().wireName() + " section is not closed by " + END);
    }
    return text.toString();
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
