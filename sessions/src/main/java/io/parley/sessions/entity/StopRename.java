package io.parley.sessions.entity;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Reads the stop a node of an earlier version sends through sharding ({@link ChatSessions#restart}),
 * named {@code io.parley.sessions.entity.SessionCommand$Stop} before the session's own commands moved to
 * {@link InternalCommand}, as {@code InternalCommand$Stop}; it has no fields. Bound to the old name
 * under {@code pekko.serialization.jackson.migrations} in reference.conf.
 */
public final class StopRename extends JacksonMigration {
  static final String OLD_NAME = "io.parley.sessions.SessionCommand$Stop";

  /** Above the old name's version (1, as it carries none), so Pekko renames it. */
  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public String transformClassName(int fromVersion, String className) {
    return className.equals(OLD_NAME) ? InternalCommand.Stop.class.getName() : className;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
