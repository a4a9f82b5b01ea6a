package io.parley.core.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How Parley signs what it POSTs to a tenant's systems (escalation webhooks, remote tools): the
 * header {@value #HEADER} holds {@code sha256=<hex HMAC-SHA256 of the exact body bytes>} under the
 * secret the tenant shared with the node, so the receiver knows the request came from Parley and
 * was not changed on the way.
 */
public final class BodySignature {
  public static final String HEADER = "X-Parley-Signature";

  private BodySignature() {}

  /** {@code sha256=<hex HMAC-SHA256 of body in UTF-8>}. */
  public static String of(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
