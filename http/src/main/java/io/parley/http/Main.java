package io.parley.http;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.http.aot.Training;
import io.parley.http.logging.LogFormat;
import io.parley.http.logging.LoggedLines;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts a Parley node configured from application.conf and the PARLEY_* environment; with
 * {@code --train}, runs the training of the ahead-of-time cache instead ({@link Training}); with
 * {@code operator-recovery <email>}, prints a password reset link for an operator account instead
 * ({@link OperatorRecovery}).
 */
public final class Main {
  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  static {
    // Before anything touches the JDK's common pool, which reads this once. On two cores it gets one
    // thread, and the JDK then runs every asynchronous stage given no executor on a new thread of its
    // own: Scala's CompletionStage adapters, behind Pekko's Java API, make every dependent stage such
    // a stage, about three new threads for each session started. Two threads are enough to run them;
    // on more cores the JDK's own size (one fewer than the cores) is left alone.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
    // Before logback starts, which reads the format once: text on a terminal, JSON elsewhere, unless asked.
    LogFormat.choose();
  }

  private Main() {}

  /**
   * What libraries log through java.util.logging (Lucene does) goes through logback like the rest,
   * in the node's format: java.util.logging's own console handler would print plain-text lines
   * among the JSON ones.
   */
  static void logJavaUtilLoggingThroughLogback() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  /**
   * What Scala code prints to its console goes through logback too, an entry a println: Pekko's
   * standard-out logger, which speaks while the actor system's own logging is not up yet or no
   * longer, and leftover prints of libraries (Pekko Projection JDBC's {@code # stop ...} for each
   * projection stopped). Scala's console takes {@code System.out} as every thread's stream when it
   * is first used, so it is first used here, with {@code System.out} the log for that moment only.
   */
  static void logScalaConsoleThroughLogback() {
    PrintStream log = new PrintStream(new LoggedLines(LoggerFactory.getLogger("scala.Console")), true,
        StandardCharsets.UTF_8);
    PrintStream out = System.out;
    System.setOut(log);
    try {
      scala.Console.out();
    } finally {
      System.setOut(out);
    }
  }

  public static void main(String[] args) {
    logScalaConsoleThroughLogback();
    logJavaUtilLoggingThroughLogback();
    ProcessExit.handleStopSignals();
    if (args.length == 1 && args[0].equals(Training.ARGUMENT)) {
      ProcessExit.exit(Training.run());
      return;
    }
    if (args.length > 0 && args[0].equals(OperatorRecovery.ARGUMENT)) {
      ProcessExit.exit(OperatorRecovery.run(ConfigFactory.load(), List.of(args).subList(1, args.length), System.out,
          System.err));
      return;
    }
    if (args.length > 0) {
      System.err.println("parley: unknown arguments " + String.join(" ", args) + ": the node takes its settings from"
          + " PARLEY_* variables and -D options; " + Training.ARGUMENT + " runs the ahead-of-time cache's training; "
          + OperatorRecovery.ARGUMENT + " <email> prints a password reset link for an operator account");
      ProcessExit.exit(2);
      return;
    }
    try {
      ParleyNode node = ParleyNode.start(ConfigFactory.load());
      if (ForkJoinPool.getCommonPoolParallelism() < 2) {
        // Something set the pool up before Main could (a Java agent, say): say so, as it costs threads.
        LoggerFactory.getLogger(Main.class).warn("The JDK's common pool has {} thread; every session start"
            + " will start threads of its own. Set -D{}=2", ForkJoinPool.getCommonPoolParallelism(), COMMON_POOL_PARALLELISM);
      }
      // A node whose actor system stops (a leave, or downed by the split brain resolver) must not
      // linger as a process without a cluster; Main owns this, so a failed start exits with 1 below.
      // On its own thread: during a SIGTERM, System.exit blocks for good, and it must not block
      // the thread that completes termination, which Pekko's shutdown hook is waiting for.
      node.system().getWhenTerminated().thenRunAsync(() -> ProcessExit.exit(0), exit -> {
        Thread thread = new Thread(exit, "parley-exit");
        thread.setDaemon(true);
        thread.start();
      });
    } catch (InvalidSettingException | ConfigException e) {
      // Stderr, not the JSON log: this is for the person starting the node.
      System.err.println("parley: invalid configuration: " + e.getMessage());
      ProcessExit.exit(2);
    } catch (RuntimeException e) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      System.err.println("parley: failed to start: " + cause);
      ProcessExit.exit(1);
    }
  }
}
