package io.parley.http.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parley.core.attachment.AgentPicture;
import io.parley.core.handoff.Handoff;
import io.parley.core.handoff.HandoffStatus;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.core.testing.ClassResource;
import io.parley.http.chat.ClientOutbox.Outbound;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.SessionUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a chat client is sent when its connection re-joins a session that moved nodes: who answers
 * and the language, where either changed meanwhile, then the messages it missed; the holding
 * agent's picture only while it has one, and frames kept in order while the node reads whether it has.
 */
class ClientOutboxTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final SessionId ID = SessionId.random("acme");
  private static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
  private static final String DANA_PICTURE = AgentPicture.path("5d0c1e8a9b7f4e2a8c6d3b1a0f9e8d7c");

  private final TestProbe<Outbound> client = testKit.createTestProbe();
  private final Pictures pictures = new Pictures();
  private final ClientOutbox outbox = new ClientOutbox(client.getRef(), "acme", pictures);

  /** The node's pictures as the index would answer: Dana ({@code a-1}) has one, read when the test says. */
  private static final class Pictures implements AgentPictures {
    final Map<String, Optional<String>> stored = new ConcurrentHashMap<>(Map.of("a-1", Optional.of(DANA_PICTURE)));
    final Map<String, Optional<String>> known = new ConcurrentHashMap<>(stored);
    final List<CompletableFuture<Void>> reads = new CopyOnWriteArrayList<>();

    @Override
    public Optional<Optional<String>> known(String tenant, String agentId) {
      assertEquals("acme", tenant);
      return Optional.ofNullable(known.get(agentId));
    }

    @Override
    public CompletionStage<Void> load(String tenant, String agentId) {
      CompletableFuture<Void> read = new CompletableFuture<>();
      reads.add(read);
      return read.thenRun(() -> known.put(agentId, stored.getOrDefault(agentId, Optional.empty())));
    }
  }

  @Test
  void aRejoinTellsTheClientWhoAnswersAndTheLanguageWhenTheyChangedWhileItWasAway() {
    outbox.joined(ID, false, joined(Handoff.bot(), Optional.empty(), List.of()), "offline", false);
    assertEquals(ServerFrame.Session.class, frames(1).get(0).getClass());

    Handoff taken = Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, AT).takenBy("a-1", "Dana", AT);
    ChatMessage missed = new ChatMessage(3, Role.AGENT, "Hallo, hier ist Dana.", "turn-2", AT);
    outbox.forward(joined(taken, Optional.of("de"), List.of(missed)));

    List<ServerFrame> sent = frames(3);
    assertEquals(new ServerFrame.HandoffFrame(HandoffStatus.AGENT, "Dana", DANA_PICTURE), sent.get(0));
    assertEquals(new ServerFrame.LanguageFrame("de"), sent.get(1));
    assertEquals("Hallo, hier ist Dana.", ((ServerFrame.Message) sent.get(2)).text());
  }

  @Test
  void aRejoinRepeatsNothingTheClientWasAlreadyTold() {
    outbox.joined(ID, true, joined(Handoff.bot(), Optional.of("fr"), List.of()), "offline", false);
    frames(1);
    Handoff waiting = Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, AT);
    outbox.forward(new SessionUpdate.HandoffChanged(waiting));
    outbox.forward(new SessionUpdate.LanguageChanged("es"));
    frames(2);

    outbox.forward(joined(waiting, Optional.of("es"), List.of()));

    client.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aRejoinAfterThePersonHandedTheConversationBackSaysTheBotAnswers() {
    Handoff taken = Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, AT).takenBy("a-1", "Dana", AT);
    outbox.joined(ID, true, joined(taken, Optional.empty(), List.of()), "offline", false);
    assertEquals(new ServerFrame.HandoffFrame(HandoffStatus.AGENT, "Dana", DANA_PICTURE), frames(2).get(1));

    outbox.forward(joined(Handoff.bot(), Optional.empty(), List.of()));

    assertEquals(List.of(new ServerFrame.HandoffFrame(HandoffStatus.BOT, null, null)), frames(1));
  }

  @Test
  void theHoldingAgentsMessagesCarryItsPictureAndOthersDoNot() {
    Handoff taken = Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, AT).takenBy("a-1", "Dana", AT);
    outbox.joined(ID, true, joined(taken, Optional.empty(), List.of()), "offline", false);
    frames(2);

    outbox.forward(new SessionUpdate.MessageAdded(ChatMessage.byAgent(3, "Dana", "Hello, Dana here.", AT)));
    outbox.forward(new SessionUpdate.MessageAdded(ChatMessage.byAgent(4, "Sam", "Sam, from billing.", AT)));

    List<ServerFrame> sent = frames(2);
    assertEquals(DANA_PICTURE, ((ServerFrame.Message) sent.get(0)).authorPicture());
    assertEquals(null, ((ServerFrame.Message) sent.get(1)).authorPicture());
  }

  @Test
  void anAgentWithoutAPictureIsNamedWithoutOne() {
    Handoff taken = Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, AT).takenBy("a-2", "Sam", AT);
    pictures.known.put("a-2", Optional.empty());
    outbox.joined(ID, true, joined(Handoff.bot(), Optional.empty(), List.of()), "offline", false);
    frames(1);

    outbox.forward(new SessionUpdate.HandoffChanged(taken));
    outbox.forward(new SessionUpdate.MessageAdded(ChatMessage.byAgent(3, "Sam", "Sam here.", AT)));

    List<ServerFrame> sent = frames(2);
    assertEquals(new ServerFrame.HandoffFrame(HandoffStatus.AGENT, "Sam", null), sent.get(0));
    assertNull(((ServerFrame.Message) sent.get(1)).authorPicture(), "no picture to load, no 404 to fall back from");
  }

  @Test
  void framesWaitInOrderWhileTheNodeReadsWhetherTheAgentHasAPicture() {
    pictures.known.clear();
    outbox.joined(ID, true, joined(Handoff.bot(), Optional.empty(), List.of()), "offline", false);
    frames(1);
    Handoff taken = Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, AT).takenBy("a-1", "Dana", AT);

    outbox.forward(new SessionUpdate.HandoffChanged(taken));
    outbox.forward(new SessionUpdate.MessageAdded(ChatMessage.byAgent(3, "Dana", "Hello, Dana here.", AT)));
    outbox.send(new ServerFrame.Typing("turn-4"));
    client.expectNoMessage(Duration.ofMillis(200));
    assertEquals(1, pictures.reads.size(), "one read for the frames waiting on it");
    assertEquals(3, outbox.lastSeqSent(), "the message counts as sent");

    pictures.reads.get(0).complete(null);
    List<ServerFrame> sent = frames(3);
    assertEquals(new ServerFrame.HandoffFrame(HandoffStatus.AGENT, "Dana", DANA_PICTURE), sent.get(0));
    assertEquals(DANA_PICTURE, ((ServerFrame.Message) sent.get(1)).authorPicture());
    assertEquals(new ServerFrame.Typing("turn-4"), sent.get(2));
  }

  @Test
  void aRemovedPictureIsNoLongerNamed() {
    Handoff taken = Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, AT).takenBy("a-1", "Dana", AT);
    outbox.joined(ID, true, joined(taken, Optional.empty(), List.of()), "offline", false);
    frames(2);
    pictures.known.put("a-1", Optional.empty());

    outbox.forward(new SessionUpdate.MessageAdded(ChatMessage.byAgent(3, "Dana", "Still here.", AT)));

    assertNull(((ServerFrame.Message) frames(1).get(0)).authorPicture());
  }

  private SessionUpdate.Joined joined(Handoff handoff, Optional<String> language, List<ChatMessage> replay) {
    SessionInfo info = new SessionInfo(ID.wireId(), ID.tenant(), Optional.empty(), Channel.CHAT, SessionStatus.OPEN,
        replay.isEmpty() ? 2 : replay.get(replay.size() - 1).seq(), AT, handoff, Optional.empty(), 0, language);
    return new SessionUpdate.Joined(client.getRef(), info, replay, Optional.empty());
  }

  private List<ServerFrame> frames(int count) {
    List<ServerFrame> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      frames.add(((Outbound.Frame) client.expectMessageClass(Outbound.Frame.class, Duration.ofSeconds(3))).frame());
    }
    return frames;
  }
}
