package io.parley.voice.phone;

import java.util.Optional;

/**
 * What a caller answered a digest challenge with (RFC 2617, as SIP uses it in RFC 3261 §22): the
 * parameters of its {@code Authorization} header. {@code qop}, {@code nc} and {@code cnonce} are
 * there together or not at all.
 */
record DigestCredentials(String username, String realm, String nonce, String uri, String response,
    Optional<String> algorithm, Optional<String> qop, Optional<String> nonceCount, Optional<String> clientNonce) {}
