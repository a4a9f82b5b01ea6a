package io.parley.http;

import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;

/** Starts a Parley node configured from application.conf and the PARLEY_* environment. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    try {
      ParleyNode.start(ConfigFactory.load());
    } catch (InvalidSettingException e) {
      // Stderr, not the JSON log: this is for the person starting the node.
      System.err.println("parley: invalid configuration: " + e.getMessage());
      System.exit(2);
    }
  }
}
