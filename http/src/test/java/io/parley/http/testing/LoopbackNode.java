package io.parley.http.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * The settings of a node that tests or load tests start on one machine: loopback only, every port
 * random, and loopback allowed to its outbound requests.
 */
public final class LoopbackNode {
  private LoopbackNode() {}

  /** A new map of those settings, for the caller to add its own to. */
  public static Map<String, Object> settings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("parley.http.host", "127.0.0.1");
    settings.put("parley.http.port", 0);
    settings.put("pekko.remote.artery.canonical.hostname", "127.0.0.1");
    settings.put("pekko.remote.artery.canonical.port", 0);
    settings.put("pekko.management.http.port", 0);
    // Its webhooks, remote tools and identity providers are servers on this machine too.
    settings.put("parley.outbound.allowed-networks", "127.0.0.0/8,::1/128");
    return settings;
  }
}
