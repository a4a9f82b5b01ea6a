package io.parley.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The node's log as whoever runs a fresh node reads it: where its one-time setup link is. A JUnit
 * extension of the test class, registered before the node's ({@code @Order}) so that it hears the node start.
 */
final class SetupLinkLog implements BeforeAllCallback, AfterAllCallback {
  private static final Pattern SETUP_LINK = Pattern.compile("https?://[^ ]+/setup#([A-Za-z0-9_-]{43})");
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    // A class run again (surefire's rerun of a failed test) starts a new node with a new link.
    events.list.clear();
    events.start();
    ((Logger) LoggerFactory.getLogger(StaffAccess.class)).addAppender(events);
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
  public void afterAll(ExtensionContext context) {
    ((Logger) LoggerFactory.getLogger(StaffAccess.class)).detachAppender(events);
  }
}
