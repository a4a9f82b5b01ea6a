package io.parley.http.aot;

import java.util.HashMap;
import java.util.Map;

/**
 * The settings that put each listener of a node (HTTP, cluster remoting, management) on loopback at
 * a port the OS chooses, for a node that shares its machine with others it does not know: the
 * cache's training run, and the nodes that tests and load tests start.
 */
public final class LoopbackListeners {
  private LoopbackListeners() {}

  /** A new map of those settings, for the caller to add its own to. */
  public static Map<String, Object> settings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("parley.http.host", "127.0.0.1");
    settings.put("parley.http.port", 0);
    settings.put("pekko.remote.artery.canonical.hostname", "127.0.0.1");
    settings.put("pekko.remote.artery.canonical.port", 0);
    settings.put("pekko.management.http.port", 0);
    return settings;
  }
}
