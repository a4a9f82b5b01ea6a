package io.parley.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class BodySignatureTest {
  @Test
  void isTheHexHmacSha256OfTheBody() {
    // RFC 4231, test case 2.
    assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        BodySignature.of("Jefe", "what do ya want for nothing?"));
  }

  @Test
  void dependsOnTheSecretAndEveryByteOfTheBody() {
    String signature = BodySignature.of("s3cret", "{\"tool\":\"order_status\"}");
    assertNotEquals(signature, BodySignature.of("s3cret!", "{\"tool\":\"order_status\"}"));
    assertNotEquals(signature, BodySignature.of("s3cret", "{\"tool\": \"order_status\"}"));
  }
}
