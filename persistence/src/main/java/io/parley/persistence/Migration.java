package io.parley.persistence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema change for one dialect, read from a file named {@code
 * V<version>__<description>.sql} that holds it for both ({@link DialectSections}).
 *
 * @param script the dialect's text of the file: its lines common to both dialects and its
 *     dialect's sections, line endings normalised
 * @param fileLines for each line of {@code script}, the line of the file it comes from, so that a
 *     failing statement is named by the line to edit
 * @param checksum SHA-256 of {@code script}: a checkout that turns LF into CRLF, or a change to
 *     the other dialect's lines, does not look like an edited migration
 */
public record Migration(int version, String description, String fileName, String script, List<Integer> fileLines,
    String checksum) {

  private static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]{0,8})__([A-Za-z0-9_]+)\\.sql");

  /** The migration of {@code dialect} in {@code script}, read from {@code fileName} in {@code location}. */
  static Migration parse(String location, String fileName, String script, Dialect dialect) {
    Matcher matcher = FILE_NAME.matcher(fileName);
    if (!matcher.matches()) {
      throw new MigrationException("Migration file name '" + fileName
          + "' does not have the form V<version>__<description>.sql, such as V2__tickets.sql");
    }
    DialectSections.Rendered rendered =
        DialectSections.render(location + "/" + fileName, script.replace("\r\n", "\n"), dialect);
    return new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '),
        fileName, rendered.text(), rendered.scriptLines(), sha256(rendered.text()));
  }

  /** The statements of {@code script}, each with the line of the file it starts on. */
  List<SqlScript.Statement> statements() {
    return SqlScript.split(script).stream()
        .map(statement -> new SqlScript.Statement(fileLines.get(statement.line() - 1), statement.sql()))
        .toList();
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
