package io.parley.core.attachment;

import io.parley.core.archive.ArchiveStore;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.SealedObjects;
import io.parley.core.session.SessionId;
import java.util.Optional;

/**
 * Attachments' bytes in the store archives go to (S3 or a directory), under {@link AttachmentKeys},
 * sealed with their conversation's data key and bound to their key ({@link SealedObjects}): once
 * erasure deletes the data key, what may remain of an object can never be read. Blocking (the key
 * store and the object store): call it off the actor threads.
 */
public final class AttachmentStore {
  private final SealedObjects objects;

  public AttachmentStore(ArchiveStore objects, DataKeyStore keys) {
    this.objects = new SealedObjects(objects, keys, "attachment");
  }

  /**
   * Stores {@code content} sealed; the session must have a key (every session started since journals are sealed).
   *
   * @throws IllegalStateException when the session has no key: erased, or never started
   * @throws io.parley.core.archive.ArchiveUnavailableException when the store refuses
   */
  public void put(SessionId session, String attachmentId, byte[] content) {
    objects.put(session, AttachmentKeys.of(session, attachmentId), content);
  }

  /** The attachment's bytes; empty when there is no such object or the session's key is gone. */
  public Optional<byte[]> get(SessionId session, String attachmentId) {
    return objects.get(session, AttachmentKeys.of(session, attachmentId));
  }

  /** Deletes the attachment's object (erasure, retention); idempotent. Needs no key. */
  public boolean delete(SessionId session, String attachmentId) {
    return objects.delete(AttachmentKeys.of(session, attachmentId));
  }
}
