package io.parley.bench;

import com.typesafe.config.ConfigFactory;
import io.parley.http.ParleyNode;
import io.parley.http.testing.LoopbackNode;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a node as {@code Main} does, from the same configuration (application.conf and the
 * PARLEY_* environment), changed only where a measurement on one machine needs it: loopback and
 * random ports, a scratch database, the given model or none, and rate limits out of the way.
 */
final class NodeUnderLoad {
  private NodeUnderLoad() {}

  static ParleyNode start(ScratchDatabase database, Optional<URI> model) {
    Map<String, Object> settings = LoopbackNode.settings();
    settings.put("parley.llm.base-url", model.map(URI::toString).orElse(""));
    settings.put("parley.llm.model", "bench-model");
    // A customer here types a message the moment the previous answer ends, far above the default 20 a minute.
    settings.put("parley.session.messages-per-minute", 1_000_000);
    settings.put("parley.session.message-burst", 1_000_000);
    settings.put("parley.chat.session-starts-per-address", 0);
    settings.put("parley.chat.connections-per-address", 0);
    settings.put("parley.http.connections-per-address", 0);
    settings.put("parley.chat.connections-per-tenant", 0);
    return ParleyNode.start(ConfigFactory.parseMap(settings)
        .withFallback(database.config())
        .withFallback(ConfigFactory.load()));
  }
}
