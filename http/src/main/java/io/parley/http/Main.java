package io.parley.http;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;

/** Starts a Parley node configured from application.conf and the PARLEY_* environment. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    try {
      ParleyNode node = ParleyNode.start(ConfigFactory.load());
      // A node whose actor system stops (a leave, or downed by the split brain resolver) must not
      // linger as a process without a cluster; Main owns this, so a failed start exits with 1 below.
      // On its own thread: during a SIGTERM, System.exit blocks for good, and it must not block
      // the thread that completes termination, which Pekko's shutdown hook is waiting for.
      node.system().getWhenTerminated().thenRunAsync(() -> System.exit(0), exit -> {
        Thread thread = new Thread(exit, "parley-exit");
        thread.setDaemon(true);
        thread.start();
      });
    } catch (InvalidSettingException | ConfigException e) {
      // Stderr, not the JSON log: this is for the person starting the node.
      System.err.println("parley: invalid configuration: " + e.getMessage());
      System.exit(2);
    } catch (RuntimeException e) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      System.err.println("parley: failed to start: " + cause);
      System.exit(1);
    }
  }
}
