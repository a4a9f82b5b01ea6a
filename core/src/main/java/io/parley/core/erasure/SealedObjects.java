package io.parley.core.erasure;

import io.parley.core.archive.ArchiveStore;
import io.parley.core.session.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A conversation's objects of one kind (its {@code purpose}: attachments, a call's recording) in the
 * store archives go to (S3 or a directory), sealed with the conversation's data key and bound to
 * their object key: once erasure deletes the data key, what may remain of an object (a backup, a copy
 * the delete missed) can never be read. Blocking (the key store and the object store): call it off
 * the actor threads.
 */
public final class SealedObjects {
  private final ArchiveStore objects;
  private final DataKeyStore keys;
  private final String purpose;

  public SealedObjects(ArchiveStore objects, DataKeyStore keys, String purpose) {
    this.objects = objects;
    this.keys = keys;
    this.purpose = purpose;
  }

  /**
   * Stores {@code content} sealed at {@code key}; the session must have a data key (every session started since journals are sealed).
   *
   * @throws IllegalStateException when the session has no key: erased, or never started
   * @throws io.parley.core.archive.ArchiveUnavailableException when the store refuses
   */
  public void put(SessionId session, String key, byte[] content) {
    if (!(keys.find(session) instanceof KeyLookup.Found found)) {
      throw new IllegalStateException("session " + session + " has no data key to seal its " + purpose + " with");
    }
    objects.put(key, Sealing.seal(found.key().key(), content, aad(key)));
  }

  /** The object's content at {@code key}; empty when there is none or the session's key is gone. */
  public Optional<byte[]> get(SessionId session, String key) {
    if (!(keys.find(session) instanceof KeyLookup.Found found)) return Optional.empty();
    return objects.get(key).map(sealed -> Sealing.open(found.key().key(), sealed, aad(key)));
  }

  /** Deletes the object at {@code key} (erasure, retention); idempotent. Needs no key. */
  public boolean delete(String key) {
    return objects.delete(key);
  }

  private byte[] aad(String key) {
    return (purpose + ":" + key).getBytes(StandardCharsets.UTF_8);
  }
}
