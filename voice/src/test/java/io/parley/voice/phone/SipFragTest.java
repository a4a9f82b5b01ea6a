package io.parley.voice.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SipFragTest {
  @Test
  void aSipfragsStatusLineIsRead() {
    assertEquals(OptionalInt.of(200), SipFrag.status("SIP/2.0 200 OK\r\n"));
    assertEquals(OptionalInt.of(503), SipFrag.status("SIP/2.0 503 Service Unavailable"));
    assertEquals(OptionalInt.of(100), SipFrag.status("SIP/2.0 100 Trying\r\nContent-Length: 0\r\n"));
    assertEquals(OptionalInt.empty(), SipFrag.status("hello"));
    assertEquals(OptionalInt.empty(), SipFrag.status(null));
    assertEquals("SIP/2.0 503 Service Unavailable", SipFrag.statusLine("SIP/2.0 503 Service Unavailable\r\nX: y"));
  }
}
