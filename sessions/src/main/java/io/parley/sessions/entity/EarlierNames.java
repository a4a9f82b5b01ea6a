package io.parley.sessions.entity;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Reads what earlier versions wrote under older class names, their fields unchanged: events
 * journaled as {@code io.parley.sessions.ChatSession$<Event>} (before they moved to
 * {@link SessionEvent}), the restart's stop a node sent as {@code io.parley.sessions.SessionCommand$Stop}
 * (before the session's own commands moved to {@link InternalCommand}), and every type of the entity
 * written as {@code io.parley.sessions.<Type>} before it got its package (journaled events and
 * sealed payloads, snapshots, commands and replies between nodes). Bound to each old name under
 * {@code pekko.serialization.jackson.migrations} in reference.conf.
 */
final class EarlierNames extends JacksonMigration {
  static final String EVENTS_IN_CHAT_SESSION = "io.parley.sessions.ChatSession$";
  static final String STOP = "io.parley.sessions.SessionCommand$Stop";
  static final String TOP_PACKAGE = "io.parley.sessions.";

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
    if (className.startsWith(EVENTS_IN_CHAT_SESSION)) {
      return SessionEvent.class.getName() + "$" + className.substring(EVENTS_IN_CHAT_SESSION.length());
    }
    if (className.equals(STOP)) return InternalCommand.Stop.class.getName();
    boolean inTopPackage = className.startsWith(TOP_PACKAGE) && className.indexOf('.', TOP_PACKAGE.length()) < 0;
    return inTopPackage ? EarlierNames.class.getPackageName() + "." + className.substring(TOP_PACKAGE.length()) : className;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
