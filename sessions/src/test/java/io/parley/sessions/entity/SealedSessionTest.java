package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.erasure.DataKey;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.erasure.NewDataKey;
import io.parley.core.erasure.SealBrokenException;
import io.parley.core.erasure.Sealing;
import io.parley.core.session.Channel;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.core.testing.ClassResource;
import io.parley.persistence.keys.JdbcDataKeys;
import io.parley.persistence.testing.TestDataKeys;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.FreshEvents;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Crypto-shredding at the entity: the journal and snapshots hold only sealed bytes, the session
 * recovers with its key, and without it (erased, or another key) recovers as an erased session.
 */
class SealedSessionTest {
  // Registered first, closed last: after the sessions have stopped.
  @RegisterExtension static final TestDataKeys dataKeys = new TestDataKeys();
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  @RegisterExtension
  static final ClassResource<ExecutorService> blockingThreads =
      ClassResource.of(Executors::newSingleThreadExecutor, ExecutorService::shutdown);
  private final PersistenceTestKit journal = PersistenceTestKit.create(entities.actors().system());
  private static final String EMAIL = "ada.lovelace@example.com";
  private final ExecutorService blocking = blockingThreads.get();
  /** What the sessions of this test seal, left for a reader as a node leaves them for its projection. */
  private static final FreshEvents fresh = FreshEvents.of(1 << 16);
  private final JdbcDataKeys keys = dataKeys.keys();

  private final TestProbe<ClusterSharding.ShardCommand> shard = entities.actors().createTestProbe();
  // Every second event a snapshot, so recovery goes through sealed snapshots too.
  private final SessionServices services = TestSessionServices.offline(TestSessionServices.settings(Map.of("snapshot-every", "2")));

  private Behavior<SessionCommand> session(SessionId id, KeyLookup key) {
    SessionSeal seal = SessionSeal.of(id, ChatSession.persistenceId(id),
        SerializationExtension.get(entities.actors().system().classicSystem()), new SessionSeal.Keys(new StoredAtOnce(), blocking, fresh), key);
    return ChatSession.create(id, shard.getRef(), services, seal);
  }

  /** The node's key store, storing a new key at once: the test kit's journal keeps a first event without the key it brings. */
  private final class StoredAtOnce implements DataKeyStore {
    @Override
    public KeyLookup find(SessionId session) {
      return keys.find(session);
    }

    @Override
    public NewDataKey newKey(SessionId session, Optional<String> userId) {
      return dataKeys.stored(session, userId);
    }

    @Override
    public List<SessionId> sessionsOf(String tenant, String userId) {
      return keys.sessionsOf(tenant, userId);
    }

    @Override
    public List<String> tenants() {
      return keys.tenants();
    }

    @Override
    public List<SessionId> sessionsStartedBefore(String tenant, Instant instant) {
      return keys.sessionsStartedBefore(tenant, instant);
    }

    @Override
    public int erase(List<SessionId> sessions) {
      return keys.erase(sessions);
    }
  }

  /** Another incarnation of the session (as on another node, or after a restart), recovering from the journal. */
  private ActorRef<SessionCommand> incarnation(SessionId id, KeyLookup key) {
    return entities.actors().spawn(session(id, key));
  }

  private static <T> StatusReply<T> ask(ActorRef<SessionCommand> session,
      java.util.function.Function<ActorRef<StatusReply<T>>, SessionCommand> command) {
    TestProbe<StatusReply<T>> probe = entities.actors().createTestProbe();
    session.tell(command.apply(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(5));
  }

  /** A signed-in customer's session with three messages; returns its id. */
  private SessionId conversation(String userId) {
    SessionId id = SessionId.random("acme");
    // The test kit's journal is cleared when a kit is created: the conversation is its only content.
    var session = EventSourcedBehaviorTestKit.create(entities.actors().system(), session(id, keys.find(id)));
    Replies.value(session.<StatusReply<SessionInfo>>runCommand(
        replyTo -> new SessionCommand.Start(Optional.of(userId), Channel.CHAT, replyTo)).reply());
    for (String text : List.of("Hello, write to " + EMAIL, "My card is 4111 1111 1111 1111", "Thanks")) {
      SessionCommand.Accepted accepted = Replies.value(session.<StatusReply<SessionCommand.Accepted>>runCommand(
          replyTo -> new SessionCommand.PostUserMessage("c-" + text.length(), text, replyTo)).reply());
      // Answered (offline) before the next: nothing is persisted after the conversation.
      Replies.value(session.<StatusReply<SessionCommand.Answer>>runCommand(
          replyTo -> new SessionCommand.AwaitAnswer(accepted.turnId(), replyTo)).reply());
    }
    return id;
  }

  @Test
  void aFirstEventsNewKeyIsNeverPartOfWhatIsStored() {
    Serialization serialization = SerializationExtension.get(entities.actors().system().classicSystem());
    NewDataKey key = keys.newKey(SessionId.random("acme"), Optional.of("ada"));
    byte[] sealed = {1, 2, 3};
    byte[] stored = serialization.serialize(new SealedPayload("k-1", 33, "M", sealed, Optional.of(key))).get();

    assertArrayEquals(serialization.serialize(new SealedPayload("k-1", 33, "M", sealed)).get(), stored);
    SealedPayload read = (SealedPayload) serialization.deserialize(stored, SealedPayload.class).get();
    assertEquals(Optional.empty(), read.newDataKey());
    assertArrayEquals(sealed, read.sealed());
  }

  @Test
  void theJournalHoldsOnlySealedBytesAndTheSessionRecoversWithItsKey() {
    SessionId id = conversation("ada");

    List<Object> stored = journal.persistedInStorage(ChatSession.persistenceId(id));
    assertFalse(stored.isEmpty());
    for (Object event : stored) {
      SealedPayload sealed = assertInstanceOf(SealedPayload.class, event);
      assertFalse(new String(sealed.sealed(), StandardCharsets.ISO_8859_1).contains(EMAIL));
    }
    assertEquals(List.of(id), keys.sessionsOf("acme", "ada"), "the key is indexed by the session's user");

    SessionView view = Replies.value(ask(incarnation(id, keys.find(id)), SessionCommand.GetView::new));
    assertTrue(view.messages().stream().anyMatch(m -> m.text().contains(EMAIL)), view.messages().toString());
    assertEquals(Optional.of("ada"), view.info().userId());
    assertEquals(3, view.messages().stream().filter(m -> m.role() == io.parley.core.session.Role.USER).count());
  }

  @Test
  void anErasedSessionRecoversAsErasedAndRefusesEveryRequest() {
    SessionId id = conversation("grace");
    int stored = journal.persistedInStorage(ChatSession.persistenceId(id)).size();
    assertEquals(1, keys.erase(List.of(id)));

    ActorRef<SessionCommand> erased = incarnation(id, keys.find(id));

    Refusal refused = Replies.refusal(ask(erased, SessionCommand.GetView::new));
    assertEquals(ErrorCode.NOT_FOUND, refused.code());
    assertEquals(SessionState.ERASED, refused.getMessage());
    assertEquals(ErrorCode.NOT_FOUND, Replies.refusal(SealedSessionTest.<SessionCommand.Accepted>ask(erased,
        replyTo -> new SessionCommand.PostUserMessage("c-9", "hello?", replyTo))).code());
    assertEquals(ErrorCode.NOT_FOUND, Replies.refusal(SealedSessionTest.<SessionInfo>ask(erased,
        replyTo -> new SessionCommand.Start(Optional.of("grace"), Channel.CHAT, replyTo))).code());
    assertEquals(ErrorCode.NOT_FOUND, Replies.refusal(SealedSessionTest.<SessionCommand.Closing>ask(erased, replyTo -> new SessionCommand.Close("bye", replyTo))).code());
    assertEquals(stored, journal.persistedInStorage(ChatSession.persistenceId(id)).size(), "an erased session persists nothing");
  }

  @Test
  void aJournalSealedUnderAnotherKeyOrWithItsKeyLostRecoversAsErased() {
    SessionId id = conversation("hedy");

    for (KeyLookup key : List.of(new KeyLookup.Found(new DataKey("another", Sealing.newKey())), new KeyLookup.Absent())) {
      Refusal refused = Replies.refusal(ask(incarnation(id, key), SessionCommand.GetView::new));
      assertEquals(SessionState.ERASED, refused.getMessage(), key.toString());
    }
  }

  @Test
  void aReaderOfTheJournalOpensTwoSessionsEventsInterleavedAndNothingOnceTheKeyIsGone() {
    Serialization serialization = SerializationExtension.get(entities.actors().system().classicSystem());
    SessionId ida = conversation("ida");
    // Each conversation clears the test kit's journal: the first's events are taken before the second.
    List<Object> idas = journal.persistedInStorage(ChatSession.persistenceId(ida));
    SessionId joan = conversation("joan");
    List<Object> joans = journal.persistedInStorage(ChatSession.persistenceId(joan));
    SessionSeal idaReader = SessionSeal.reader(ida, ChatSession.persistenceId(ida), serialization, keys.find(ida),
        FreshEvents.none());
    // Joan's reader could take Ida's fresh events, but for the key they were sealed with.
    SessionSeal joanReader = SessionSeal.reader(joan, ChatSession.persistenceId(joan), serialization, keys.find(joan),
        fresh);

    assertFalse(idas.isEmpty());
    assertEquals(idas.size(), joans.size());
    List<SessionEvent> read = new java.util.ArrayList<>();
    for (int i = 0; i < idas.size(); i++) {
      assertInstanceOf(SealedPayload.class, idas.get(i));
      read.add(idaReader.readEvent(idas.get(i)).orElseThrow());
      assertTrue(joanReader.readEvent(joans.get(i)).isPresent(), "joan's event " + i);
    }
    assertTrue(read.stream().anyMatch(event -> event instanceof SessionEvent.UserMessageAppended user
        && user.text().equals("Thanks")), read.toString());
    Object last = idas.get(idas.size() - 1);
    assertEquals(Optional.empty(), joanReader.readEvent(last), "sealed under another session's key");

    assertEquals(1, keys.erase(List.of(ida)));
    assertEquals(Optional.empty(), SessionSeal.reader(ida, ChatSession.persistenceId(ida), serialization, keys.find(ida),
        fresh).readEvent(last), "erased, though its sealed events are still fresh");
  }

  @Test
  void aReaderTakesAnEventJustSealedAsItWasSealedOnceAndOpensAnyOtherBytes() {
    Serialization serialization = SerializationExtension.get(entities.actors().system().classicSystem());
    SessionId id = conversation("ivy");
    List<Object> stored = journal.persistedInStorage(ChatSession.persistenceId(id));
    String persistenceId = ChatSession.persistenceId(id);
    KeyLookup.Found key = (KeyLookup.Found) keys.find(id);
    SessionSeal opening = SessionSeal.reader(id, persistenceId, serialization, key, FreshEvents.none());
    // The key's id with other key bytes: it opens nothing, so what it reads was taken as sealed.
    SessionSeal notOpening = SessionSeal.reader(id, persistenceId, serialization,
        new KeyLookup.Found(new DataKey(key.key().keyId(), Sealing.newKey())), fresh);
    SealedPayload message = stored.stream().map(SealedPayload.class::cast)
        .filter(payload -> payload.manifest().endsWith("UserMessageAppended")).findFirst().orElseThrow();

    SessionEvent taken = notOpening.readEvent(message).orElseThrow();
    assertEquals(opening.readEvent(message).orElseThrow(), taken);
    assertThrows(SealBrokenException.class, () -> notOpening.readEvent(message), "taken once");

    SealedPayload other = stored.stream().map(SealedPayload.class::cast)
        .filter(payload -> payload.manifest().endsWith("AssistantMessageAppended")).findFirst().orElseThrow();
    SessionId elsewhere = SessionId.random("acme");
    SessionSeal movedReader = SessionSeal.reader(elsewhere, ChatSession.persistenceId(elsewhere), serialization, key, fresh);
    assertThrows(SealBrokenException.class, () -> movedReader.readEvent(other),
        "the same bytes and key, in another session's journal");
    byte[] changed = other.sealed().clone();
    changed[changed.length - 1] ^= 1;
    SealedPayload tampered = new SealedPayload(other.keyId(), other.serializerId(), other.manifest(), changed);
    assertThrows(SealBrokenException.class,
        () -> SessionSeal.reader(id, persistenceId, serialization, key, fresh).readEvent(tampered));
    assertTrue(notOpening.readEvent(other).isPresent(), "the unchanged bytes are still fresh");
  }

  @Test
  void aSealedPayloadIsStoredWithJacksonCborUnderItsOwnName() {
    var serialization = SerializationExtension.get(entities.actors().system().classicSystem());
    SealedPayload payload = new SealedPayload("6f1c0c7e-key", 33, "io.parley.sessions.entity.SessionEvent$UserMessageAppended",
        new byte[] {1, 2, 3, (byte) 0xff});
    var serializer = serialization.findSerializerFor(payload);
    String manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, payload);

    assertEquals(33, serializer.identifier(), "jackson-cbor, like every persisted type");
    assertEquals("io.parley.sessions.entity.SealedPayload", manifest, "a rename needs a migration (EarlierNames), or every sealed journal is unreadable");
    SealedPayload read = (SealedPayload) serialization.deserialize(serializer.toBinary(payload), 33, manifest).get();
    assertEquals(payload.keyId(), read.keyId());
    assertEquals(payload.manifest(), read.manifest());
    assertTrue(java.util.Arrays.equals(payload.sealed(), read.sealed()));
  }
}
