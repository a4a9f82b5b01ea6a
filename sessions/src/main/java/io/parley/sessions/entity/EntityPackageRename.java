package io.parley.sessions.entity;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Reads what was written as {@code io.parley.sessions.<Type>} before the session entity got its own
 * package (journaled events and sealed payloads, snapshots, commands and replies from a node of an
 * earlier version) under {@code io.parley.sessions.entity.<Type>}; no field changed. Bound to each
 * old class name under {@code pekko.serialization.jackson.migrations} in reference.conf.
 */
public final class EntityPackageRename extends JacksonMigration {
  static final String OLD_PACKAGE = "io.parley.sessions.";

  /**
   * Above the old names' version (1, as they carry none), so Pekko renames them; the new names have
   * no migration bound and are written without a version.
   */
  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public String transformClassName(int fromVersion, String className) {
    return className.startsWith(OLD_PACKAGE) && className.indexOf('.', OLD_PACKAGE.length()) < 0
        ? EntityPackageRename.class.getPackageName() + "." + className.substring(OLD_PACKAGE.length())
        : className;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
