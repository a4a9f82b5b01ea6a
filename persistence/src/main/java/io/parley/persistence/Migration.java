package io.parley.persistence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema change, read from a file named {@code V<version>__<description>.sql}.
 *
 * @param checksum SHA-256 of the script with line endings normalised, so that a checkout that
 *     turns LF into CRLF does not look like an edited migration
 */
public record Migration(int version, String description, String fileName, String script, String checksum) {

  private static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]{0,8})__([A-Za-z0-9_]+)\\.sql");

  static Migration parse(String fileName, String script) {
    Matcher matcher = FILE_NAME.matcher(fileName);
    if (!matcher.matches()) {
      throw new MigrationException("Migration file name '" + fileName
          + "' does not have the form V<version>__<description>.sql, such as V2__tickets.sql");
    }
    String normalised = script.replace("\r\n", "\n");
    return new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '),
        fileName, normalised, sha256(normalised));
  }

  List<SqlScript.Statement> statements() {
    return SqlScript.split(script);
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
