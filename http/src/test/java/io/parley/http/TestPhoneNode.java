package io.parley.http;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** A node of its own database that answers phone calls on the given loopback ports. */
final class TestPhoneNode {
  private TestPhoneNode() {}

  /** A node and the fake model it asks, shared by a test class: the model answers every question with one text. */
  record Line(FakeChatCompletionsServer model, ParleyNode node, int sipPort) implements AutoCloseable {
    /** A line whose model answers {@code answer}, the node started with {@code overrides}. */
    static Line start(String answer, Map<String, Object> overrides) throws Exception {
      FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> answer);
      PhonePorts ports = PhonePorts.take(200);
      try {
        return new Line(model, TestPhoneNode.start(model.baseUrl(), ports, overrides), ports.sip());
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

  static ParleyNode start(URI model, PhonePorts ports, Map<String, Object> overrides) throws Exception {
    return start(model, TestPostgres.newDatabase(), ports, overrides);
  }

  static ParleyNode start(URI model, DatabaseSettings database, PhonePorts ports, Map<String, Object> overrides)
      throws Exception {
    return ParleyNode.start(TestNode.config(database, Optional.of(model), ports.settingsWith(overrides)));
  }
}
