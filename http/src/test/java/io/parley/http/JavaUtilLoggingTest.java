package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Libraries that log through java.util.logging (Lucene) log through the node's logback. */
class JavaUtilLoggingTest {
  @Test
  void aRecordGoesToLogbackAndNotToTheConsole() {
    Logger root = LogManager.getLogManager().getLogger("");
    Handler[] handlers = root.getHandlers();
    ch.qos.logback.classic.Logger logback = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.parley.test.jul");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logback.addAppender(appender);
    try {
      Main.logJavaUtilLoggingThroughLogback();
      Logger library = Logger.getLogger("io.parley.test.jul");
      library.warning("index opened");

      assertEquals(List.of("index opened"), appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
      assertTrue(Arrays.stream(root.getHandlers()).allMatch(SLF4JBridgeHandler.class::isInstance),
          "no plain-text console handler is left: " + Arrays.toString(root.getHandlers()));
    } finally {
      logback.detachAppender(appender);
      SLF4JBridgeHandler.uninstall();
      for (Handler handler : handlers) root.addHandler(handler);
    }
  }

  @Test
  void theNodesLogbackDropsLucenesAdviceOnTheVectorApiButNotItsErrors() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(JavaUtilLoggingTest.class.getResource("/logback.xml"));
      // The levels reach java.util.logging itself, so that Lucene does not even make the record.
      Logger lucene = Logger.getLogger("org.apache.lucene.internal.vectorization.VectorizationProvider");

      assertFalse(lucene.isLoggable(Level.WARNING));
      assertTrue(lucene.isLoggable(Level.SEVERE));
      assertTrue(Logger.getLogger("org.apache.lucene.index").isLoggable(Level.WARNING), "the rest of Lucene warns");
    } finally {
      context.stop();
    }
  }
}
