package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.freeLoopbackPort;

import io.parley.persistence.testing.TestPostgres;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A node of its own database that answers phone calls on {@code sipPort}, RTP on free loopback ports. */
final class TestPhoneNode {
  private TestPhoneNode() {}

  static ParleyNode start(URI model, int sipPort, Map<String, Object> overrides) throws Exception {
    int rtpBase = freeLoopbackPort() & ~1;
    Map<String, Object> settings = new HashMap<>(Map.of("parley.sip.enabled", true, "parley.sip.port", sipPort,
        "parley.sip.rtp-port-min", rtpBase, "parley.sip.rtp-port-max", rtpBase + 200));
    settings.putAll(overrides);
    return ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model), settings));
  }
}
