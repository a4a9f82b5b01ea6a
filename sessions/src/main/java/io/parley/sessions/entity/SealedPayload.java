package io.parley.sessions.entity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.parley.core.CborSerializable;
import io.parley.core.erasure.NewDataKey;
import java.util.Optional;

/**
 * A journal event or snapshot of a session as stored: the jackson-cbor bytes of the event
 * ({@code serializerId}, {@code manifest}) sealed with the session's data key {@code keyId}
 * (AES-256-GCM, bound to the session, the key and the manifest). Without that key it reads as erased.
 * A session's first event also brings its new key on the way to the journal, which stores it in
 * the same transaction; the key is never part of what is stored with the event.
 */
record SealedPayload(String keyId, int serializerId, String manifest, byte[] sealed,
    @JsonIgnore Optional<NewDataKey> newDataKey) implements CborSerializable, NewDataKey.Carrier {

  public SealedPayload {
    newDataKey = newDataKey == null ? Optional.empty() : newDataKey;
  }

  public SealedPayload(String keyId, int serializerId, String manifest, byte[] sealed) {
    this(keyId, serializerId, manifest, sealed, Optional.empty());
  }
}
