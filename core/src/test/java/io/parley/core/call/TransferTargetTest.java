package io.parley.core.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TransferTargetTest {
  @Test
  void aSipUriOfAUserAtAHostIsATarget() {
    assertTrue(TransferTarget.isValid("sip:support@pbx.example.com"));
    assertTrue(TransferTarget.isValid("sips:+4930123456@trunk.example.net:5061"));
    assertTrue(TransferTarget.isValid("sip:queue@127.0.0.1:5070;transport=udp"));
  }

  @Test
  void anythingElseIsRefusedWithTheExpectedForm() {
    for (String bad : new String[] {"", "support@pbx", "sip:pbx.example.com", "tel:+4930123", "sip:a b@host",
        "sip:x@host>\r\nX-Evil: 1", "http://host/", "sip:" + "a".repeat(300) + "@host"}) {
      assertFalse(TransferTarget.isValid(bad), bad);
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TransferTarget("nope")).getMessage()
        .contains("sip:support@pbx.example.com"));
  }

  @Test
  void logsSeeNoNumber() {
    assertEquals("sip:+************@trunk.example.net", new TransferTarget("sip:+493012345678@trunk.example.net").masked());
  }

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
