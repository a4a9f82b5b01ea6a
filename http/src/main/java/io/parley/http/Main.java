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
      // A node whose actor system stops (SIGTERM, or downed by the split brain resolver) must not
      // linger as a process without a cluster; Main owns this, so a failed start exits with 1 below.
      node.system().getWhenTerminated().thenRun(() -> System.exit(0));
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
