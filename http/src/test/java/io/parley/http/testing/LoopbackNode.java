package io.parley.http.testing;

import io.parley.http.aot.LoopbackListeners;
import java.util.Map;

/**
 * The settings of a node that tests or load tests start on one machine: loopback only, every port
 * random, and loopback allowed to its outbound requests.
 */
public final class LoopbackNode {
  private LoopbackNode() {}

  /** A new map of those settings, for the caller to add its own to. */
  public static Map<String, Object> settings() {
    Map<String, Object> settings = LoopbackListeners.settings();
    // Its webhooks, remote tools and identity providers are servers on this machine too.
    settings.put("parley.outbound.allowed-networks", "127.0.0.0/8,::1/128");
    return settings;
  }
}
