package io.parley.sessions.entity;

import io.parley.core.erasure.DataKey;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.erasure.NewDataKey;
import io.parley.core.erasure.Sealing;
import io.parley.core.session.SessionId;
import io.parley.sessions.FreshEvents;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.EventSeq;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * How one incarnation of a session reads and writes its journal (crypto-shredding,
 * docs/security.md): sealed with the session's data key when it has one, plain when it has none
 * yet (a session not started, or one started before journals were sealed). Once the session is
 * erased, or when what is stored was sealed under a key it does not have, every event reads as
 * {@link SessionEvent.ContentErased} and every snapshot as {@link SessionState.Erased}: recovery
 * yields an erased session, never a failure. Bytes that were tampered with do fail it.
 */
public final class SessionSeal {
  private final SessionId session;
  private final String persistenceId;
  private final Serialization serialization;
  private final Optional<Keys> keys;
  private KeyLookup lookup;
  /** What a {@link #reader} keeps for the session's next events; a session itself keeps none. */
  private final Optional<ReaderCipher> readerCipher;
  /** The key made for this session's start, until the incarnation ends; stored with {@code SessionStarted}. */
  private Optional<NewDataKey> newKey = Optional.empty();

  /**
   * The store that makes a starting session's key and reads an existing one, off the actor threads,
   * and where the events a session seals are left for the node's own reader of the journal.
   */
  record Keys(DataKeyStore store, Executor blocking, FreshEvents fresh) {}

  /**
   * A reader's cipher keyed once for the session's key, and what each kind of event is bound to
   * ({@link #owner}), made once: the conversations projection opens many sessions' events
   * interleaved, and keying its thread's cipher anew with another key for every event was most of
   * opening a small one. A session opens its own events one after another under one key, which its
   * thread's cipher keeps, so it holds no cipher of its own.
   */
  private record ReaderCipher(Sealing.Keyed keyed, Map<Owner, byte[]> owners, FreshEvents fresh) {}

  private record Owner(String keyId, int serializerId, String manifest) {}

  private SessionSeal(SessionId session, String persistenceId, Serialization serialization, Optional<Keys> keys,
      KeyLookup lookup, Optional<ReaderCipher> readerCipher) {
    this.session = session;
    this.persistenceId = persistenceId;
    this.serialization = serialization;
    this.keys = keys;
    this.lookup = lookup;
    this.readerCipher = readerCipher;
  }

  /** The seal of a session as its key store knows it ({@code found} on starting the session). */
  static SessionSeal of(SessionId session, String persistenceId, Serialization serialization, Keys keys, KeyLookup found) {
    return new SessionSeal(session, persistenceId, serialization, Optional.of(keys), found, Optional.empty());
  }

  /** A journal that is never sealed (entity tests, which run without a key store). */
  static SessionSeal plain(SessionId session, String persistenceId, Serialization serialization) {
    return new SessionSeal(session, persistenceId, serialization, Optional.empty(), new KeyLookup.Absent(), Optional.empty());
  }

  /** Whether a starting session must first get its key. */
  public boolean needsKey() {
    return keys.isPresent() && lookup instanceof KeyLookup.Absent;
  }

  public boolean erased() {
    return lookup instanceof KeyLookup.Erased;
  }

  /** Makes the starting session's key for {@code userId}, off the actor threads (a new tenant's key is read). */
  public CompletionStage<NewDataKey> newKey(Optional<String> userId) {
    Keys store = keys.orElseThrow(() -> new IllegalStateException("a plain journal has no keys"));
    return CompletableFuture.supplyAsync(() -> store.store().newKey(session, userId), store.blocking());
  }

  /**
   * Seals with {@code made} from now on; the session's first event takes it to the journal, which
   * stores it with that event. Kept for the incarnation's life: restarted after a failed first
   * write, the entity writes its first event again, with the key again.
   */
  public void keyMade(NewDataKey made) {
    lookup = new KeyLookup.Found(made.key());
    newKey = Optional.of(made);
  }

  EventAdapter<SessionEvent, Object> events() {
    return new EventAdapter<>() {
      @Override
      public Object toJournal(SessionEvent event) {
        return seal(event, event instanceof SessionEvent.SessionStarted ? newKey : Optional.empty(),
            keys.map(Keys::fresh).orElse(FreshEvents.none()));
      }

      @Override
      public String manifest(SessionEvent event) {
        return "";
      }

      @Override
      public EventSeq<SessionEvent> fromJournal(Object stored, String manifest) {
        return EventSeq.single(open(stored).map(SessionEvent.class::cast).orElseGet(SessionEvent.ContentErased::new));
      }
    };
  }

  SnapshotAdapter<SessionState> snapshots() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(SessionState state) {
        return seal(state, Optional.empty(), FreshEvents.none());
      }

      @Override
      public SessionState fromJournal(Object stored) {
        return open(stored).map(SessionState.class::cast).orElseGet(SessionState.Erased::new);
      }
    };
  }

  /**
   * {@code plain} sealed, bringing {@code carried} to the journal with it (a first event's new key),
   * and left in {@code fresh} for this node's reader.
   */
  private Object seal(Object plain, Optional<NewDataKey> carried, FreshEvents fresh) {
    if (!(lookup instanceof KeyLookup.Found found)) return plain;
    DataKey key = found.key();
    Serializer serializer = serialization.findSerializerFor(plain);
    String manifest = Serializers.manifestFor(serializer, plain);
    byte[] owner = owner(key.keyId(), serializer.identifier(), manifest);
    byte[] sealed = Sealing.seal(key.key(), serializer.toBinary(plain), owner);
    fresh.keep(sealed, owner, plain);
    return new SealedPayload(key.keyId(), serializer.identifier(), manifest, sealed, carried);
  }

  /**
   * How a reader of the journal (the conversations projection) opens the session's events: with the
   * session's key as {@code lookup} has it, and a cipher of its own keyed for it ({@link
   * ReaderCipher}), kept for the session's next events; an event this node sealed a moment ago is
   * taken as it was sealed from {@code fresh}, once the key says it may be read. One thread at a time
   * reads with it.
   */
  public static SessionSeal reader(SessionId session, String persistenceId, Serialization serialization,
      KeyLookup lookup, FreshEvents fresh) {
    Optional<ReaderCipher> cipher = lookup instanceof KeyLookup.Found found
        ? Optional.of(new ReaderCipher(Sealing.keyed(found.key().key()), new HashMap<>(), fresh)) : Optional.empty();
    return new SessionSeal(session, persistenceId, serialization, Optional.empty(), lookup, cipher);
  }

  /** An event of the session's journal as stored, opened; empty once the key is gone. */
  public Optional<SessionEvent> readEvent(Object stored) {
    return open(stored).map(SessionEvent.class::cast);
  }

  /** What was stored, readable; empty when it can no longer be read. */
  private Optional<Object> open(Object stored) {
    if (erased()) return Optional.empty();
    if (!(stored instanceof SealedPayload payload)) return Optional.of(stored);
    if (!(lookup instanceof KeyLookup.Found found) || !found.key().keyId().equals(payload.keyId())) return Optional.empty();
    byte[] owner = owner(payload.keyId(), payload.serializerId(), payload.manifest());
    Optional<Object> fresh = readerCipher.flatMap(reader -> reader.fresh().take(payload.sealed(), owner));
    if (fresh.isPresent()) return fresh;
    byte[] bytes = readerCipher.isPresent() ? readerCipher.get().keyed().open(payload.sealed(), owner)
        : Sealing.open(found.key().key(), payload.sealed(), owner);
    try {
      return Optional.of(serialization.deserialize(bytes, payload.serializerId(), payload.manifest()).get());
    } catch (RuntimeException e) {
      throw new IllegalStateException("a sealed " + payload.manifest() + " of " + persistenceId + " does not deserialize", e);
    }
  }

  private byte[] owner(String keyId, int serializerId, String manifest) {
    if (readerCipher.isEmpty()) return ownerOf(keyId, serializerId, manifest);
    return readerCipher.get().owners().computeIfAbsent(new Owner(keyId, serializerId, manifest),
        owner -> ownerOf(keyId, serializerId, manifest));
  }

  private byte[] ownerOf(String keyId, int serializerId, String manifest) {
    return (persistenceId + "|" + keyId + "|" + serializerId + "|" + manifest).getBytes(StandardCharsets.UTF_8);
  }
}
