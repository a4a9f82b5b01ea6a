package io.parley.http;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestPostgres;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A node of its own database that answers phone calls on {@code sipPort}, RTP on free loopback ports. */
final class TestPhoneNode {
  private TestPhoneNode() {}

  /** A node and the fake model it asks, shared by a test class: the model answers every question with one text. */
  record Line(FakeChatCompletionsServer model, ParleyNode node, int sipPort) implements AutoCloseable {
    /** A line whose model answers {@code answer}, the node started with {@code overrides}. */
    static Line start(String answer, Map<String, Object> overrides) throws Exception {
      FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> answer);
      int sipPort = LoopbackPorts.port();
      try {
        return new Line(model, TestPhoneNode.start(model.baseUrl(), sipPort, overrides), sipPort);
      } catch (Exception | Error e) {
        model.close();
        throw e;
      }
    }

    @Override
    public void close() {
      node.close();
      model.close();
    }
  }

  static ParleyNode start(URI model, int sipPort, Map<String, Object> overrides) throws Exception {
    int rtpBase = LoopbackPorts.range(200);
    Map<String, Object> settings = new HashMap<>(Map.of("parley.sip.enabled", true, "parley.sip.port", sipPort,
        "parley.sip.rtp-port-min", rtpBase, "parley.sip.rtp-port-max", rtpBase + 199));
    settings.putAll(overrides);
    return ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model), settings));
  }
}
