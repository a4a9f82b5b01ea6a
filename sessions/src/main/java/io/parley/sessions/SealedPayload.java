package io.parley.sessions;

import io.parley.core.CborSerializable;

/**
 * A journal event or snapshot of a session as stored: the jackson-cbor bytes of the event
 * ({@code serializerId}, {@code manifest}) sealed with the session's data key {@code keyId}
 * (AES-256-GCM, bound to the session, the key and the manifest). Without that key it reads as erased.
 */
public record SealedPayload(String keyId, int serializerId, String manifest, byte[] sealed) implements CborSerializable {}
