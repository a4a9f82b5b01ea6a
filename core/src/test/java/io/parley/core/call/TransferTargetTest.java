package io.parley.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
