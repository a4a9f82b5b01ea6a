package io.parley.sessions.entity;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Reads events journaled as {@code io.parley.sessions.entity.ChatSession$<Event>} (before the events moved
 * to {@link SessionEvent}) as {@code SessionEvent$<Event>}; their fields did not change. Bound to
 * each old class name under {@code pekko.serialization.jackson.migrations} in reference.conf.
 */
public final class SessionEventRename extends JacksonMigration {
  static final String OLD_PREFIX = "io.parley.sessions.ChatSession$";

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
    return className.startsWith(OLD_PREFIX)
        ? SessionEvent.class.getName() + "$" + className.substring(OLD_PREFIX.length())
        : className;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
