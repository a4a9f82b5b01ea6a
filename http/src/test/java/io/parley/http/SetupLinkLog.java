package io.parley.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/** The node's log as whoever runs a fresh node reads it: where its one-time setup link is. */
final class SetupLinkLog implements AutoCloseable {
  private static final Pattern SETUP_LINK = Pattern.compile("https?://[^ ]+/setup#([A-Za-z0-9_-]{43})");
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  private SetupLinkLog() {}

  /** Reads what the staff accounts log from now on; start it before the node. */
  static SetupLinkLog listen() {
    SetupLinkLog log = new SetupLinkLog();
    log.events.start();
    ((Logger) LoggerFactory.getLogger(StaffAccess.class)).addAppender(log.events);
    return log;
  }

  /** The secret of the setup link the node printed (the part after {@code #}). */
  String secret() {
    for (ILoggingEvent event : events.list) {
      Matcher found = SETUP_LINK.matcher(event.getFormattedMessage());
      if (found.find()) return found.group(1);
    }
    throw new AssertionError("no setup link in the log");
  }

  @Override
  public void close() {
    ((Logger) LoggerFactory.getLogger(StaffAccess.class)).detachAppender(events);
  }
}
