package io.parley.core.attachment;

import io.parley.core.archive.ArchiveStore;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.erasure.Sealing;
import io.parley.core.session.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Attachments' bytes in the store archives go to (S3 or a directory), under {@link AttachmentKeys},
 * sealed with their conversation's data key and bound to their key: once erasure deletes the data
 * key, what may remain of an object (a backup, a copy the delete missed) can never be read.
 * Blocking (the key store and the object store): call it off the actor threads.
 */
public final class AttachmentStore {
  private final ArchiveStore objects;
  private final DataKeyStore keys;

  public AttachmentStore(ArchiveStore objects, DataKeyStore keys) {
    this.objects = objects;
    this.keys = keys;
  }

  /**
   * Stores {@code content} sealed; the session must have a key (every session started since journals are sealed).
   *
   * @throws IllegalStateException when the session has no key: erased, or never started
   * @throws io.parley.core.archive.ArchiveUnavailableException when the store refuses
   */
  public void put(SessionId session, String attachmentId, byte[] content) {
    String key = AttachmentKeys.of(session, attachmentId);
    if (!(keys.find(session) instanceof KeyLookup.Found found)) {
      throw new IllegalStateException("session " + session + " has no data key to seal its attachments with");
    }
    objects.put(key, Sealing.seal(found.key().key(), content, aad(key)));
  }

  /** The attachment's bytes; empty when there is no such object or the session's key is gone. */
  public Optional<byte[]> get(SessionId session, String attachmentId) {
    String key = AttachmentKeys.of(session, attachmentId);
    if (!(keys.find(session) instanceof KeyLookup.Found found)) return Optional.empty();
    return objects.get(key).map(sealed -> Sealing.open(found.key().key(), sealed, aad(key)));
  }

  /** Deletes the attachment's object (erasure, retention); idempotent. Needs no key. */
  public boolean delete(SessionId session, String attachmentId) {
    return objects.delete(AttachmentKeys.of(session, attachmentId));
  }

  private static byte[] aad(String key) {
    return ("attachment:" + key).getBytes(StandardCharsets.UTF_8);
  }
}
