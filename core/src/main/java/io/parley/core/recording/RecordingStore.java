package io.parley.core.recording;

import io.parley.core.archive.ArchiveStore;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.SealedObjects;
import io.parley.core.session.SessionId;
import java.util.Optional;

/**
 * Calls' recordings in the store archives go to (S3 or a directory), under {@link RecordingKeys},
 * sealed with their conversation's data key and bound to their key as attachments are
 * ({@link SealedObjects}): once erasure deletes the data key, a copy the delete missed can never be
 * played. Blocking (the key store and the object store): call it off the actor threads.
 */
public final class RecordingStore {
  private final SealedObjects objects;

  public RecordingStore(ArchiveStore objects, DataKeyStore keys) {
    this.objects = new SealedObjects(objects, keys, "recording");
  }

  /**
   * Stores the recording's file sealed.
   *
   * @throws IllegalStateException when the session has no key: erased, or never started
   * @throws io.parley.core.archive.ArchiveUnavailableException when the store refuses
   */
  public void put(SessionId session, byte[] wav) {
    objects.put(session, RecordingKeys.of(session), wav);
  }

  /** The recording's file; empty when there is none or the session's key is gone. */
  public Optional<byte[]> get(SessionId session) {
    return objects.get(session, RecordingKeys.of(session));
  }
}
