package io.parley.core.recording;

import io.parley.core.archive.ArchiveStore;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.erasure.Sealing;
import io.parley.core.session.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Calls' recordings in the store archives go to (S3 or a directory), under {@link RecordingKeys},
 * sealed with their conversation's data key and bound to their key, as attachments are: once
 * erasure deletes the data key, a copy the delete missed can never be played. Blocking (the key
 * store and the object store): call it off the actor threads.
 */
public final class RecordingStore {
  private final ArchiveStore objects;
  private final DataKeyStore keys;

  public RecordingStore(ArchiveStore objects, DataKeyStore keys) {
    this.objects = objects;
    this.keys = keys;
  }

  /**
   * Stores the recording's file sealed.
   *
   * @throws IllegalStateException when the session has no key: erased, or never started
   * @throws io.parley.core.archive.ArchiveUnavailableException when the store refuses
   */
  public void put(SessionId session, byte[] wav) {
    String key = RecordingKeys.of(session);
    if (!(keys.find(session) instanceof KeyLookup.Found found)) {
      throw new IllegalStateException("session " + session + " has no data key to seal its recording with");
    }
    objects.put(key, Sealing.seal(found.key().key(), wav, aad(key)));
  }

  /** The recording's file; empty when there is none or the session's key is gone. */
  public Optional<byte[]> get(SessionId session) {
    String key = RecordingKeys.of(session);
    if (!(keys.find(session) instanceof KeyLookup.Found found)) return Optional.empty();
    return objects.get(key).map(sealed -> Sealing.open(found.key().key(), sealed, aad(key)));
  }

  /** Deletes the recording (erasure, retention); idempotent. Needs no key. */
  public boolean delete(SessionId session) {
    return objects.delete(RecordingKeys.of(session));
  }

  private static byte[] aad(String key) {
    return ("recording:" + key).getBytes(StandardCharsets.UTF_8);
  }
}
