package io.parley.sessions.entity;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.call.CallEnd;
import io.parley.core.lead.LeadContribution;
import io.parley.core.lead.LeadScore;
import io.parley.core.lead.LeadSignal;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.ArchiveRecord;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.SessionView;
import io.parley.sessions.admission.TenantBudgetSettings;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.entity.SessionEvent.SessionStarted;
import io.parley.sessions.entity.SessionEvent.UserMessageAppended;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Open;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The entity's rules, against the in-memory journal of Pekko's persistence testkit. */
class ChatSessionTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();

  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();

  private EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> session(SessionServices services) {
    return EventSourcedBehaviorTestKit.create(testKit.system(),
        ChatSession.create(SessionId.random("acme"), shard.getRef(), services));
  }

  private static String persistenceId(EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> kit) {
    String uuid = Replies.value(kit.<StatusReply<SessionInfo>>runCommand(
        replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo)).reply()).sessionId();
    return "ChatSession|acme/" + uuid;
  }

  private static SessionCommand.Accepted accepted(StatusReply<SessionCommand.Accepted> outcome) {
    return Replies.value(outcome);
  }

  @Test
  void startPersistsOnceAndRepliesInfo() {
    var kit = session(TestSessionServices.offline());
    var first = kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.of("u-1"), Channel.CHAT, replyTo));
    SessionStarted started = first.eventOfType(SessionStarted.class);
    assertEquals("acme", started.tenant());
    assertEquals(Optional.of("u-1"), started.userId());
    SessionInfo info = Replies.value(first.reply());
    assertEquals(SessionStatus.OPEN, info.status());
    assertEquals(0, info.lastSeq());

    var again = kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    assertTrue(again.hasNoEvents(), "a second start must not persist anything");
    assertEquals(Optional.of("u-1"), Replies.value(again.reply()).userId());
  }

  @Test
  void userMessagesAreIdempotentOnClientMsgId() {
    var kit = session(TestSessionServices.offline());
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    var first = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "hello", replyTo));
    UserMessageAppended appended = first.eventOfType(UserMessageAppended.class);
    assertEquals(1, appended.seq());
    assertEquals(new SessionCommand.Accepted(1, "turn-1", false), accepted(first.reply()));
    kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));

    var retry = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "hello", replyTo));
    assertTrue(retry.hasNoEvents(), "a retried clientMsgId must not persist again");
    assertEquals(new SessionCommand.Accepted(1, "turn-1", true), accepted(retry.reply()));
  }

  @Test
  void invalidMessagesAreRefusedAndPersistNothing() {
    var kit = session(TestSessionServices.offline());
    var beforeStart = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "hi", replyTo));
    assertTrue(beforeStart.hasNoEvents());
    assertEquals(ErrorCode.NOT_FOUND, Replies.refusal(beforeStart.reply()).code());

    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    var blank = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-2", "  ", replyTo));
    assertTrue(blank.hasNoEvents());
    assertEquals(ErrorCode.BAD_REQUEST, Replies.refusal(blank.reply()).code());
  }

  @Test
  void offlineTurnStreamsToSubscribersAndPersistsTheAnswer() {
    var kit = session(TestSessionServices.offline());
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    TestProbe<SessionUpdate> client = testKit.createTestProbe();
    kit.runCommand(new SessionCommand.Subscribe(0, client.getRef(), Optional.empty()));
    assertEquals(List.of(), client.expectMessageClass(SessionUpdate.Joined.class).replay());

    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "how do I reset my password?", replyTo));

    assertEquals(Role.USER, client.expectMessageClass(SessionUpdate.MessageAdded.class).message().role());
    assertEquals("turn-1", client.expectMessageClass(SessionUpdate.Typing.class).turnId());
    SessionUpdate.Delta delta = client.expectMessageClass(SessionUpdate.Delta.class);
    ChatMessage answer = client.expectMessageClass(SessionUpdate.MessageAdded.class).message();
    assertEquals(Role.ASSISTANT, answer.role());
    assertEquals(delta.text(), answer.text());
    assertTrue(answer.text().toLowerCase(java.util.Locale.ROOT).contains("password"), answer.text());
    assertEquals(List.of(), ((Open) kit.getState()).pendingTurns());
  }

  @Test
  void messagesArrivingDuringATurnAreQueuedAndAnsweredInOrder() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.answer().withChunkDelay(Duration.ofMillis(150)));
      var kit = session(TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings()));
      kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
      TestProbe<SessionUpdate> client = testKit.createTestProbe();
      kit.runCommand(new SessionCommand.Subscribe(0, client.getRef(), Optional.empty()));
      client.expectMessageClass(SessionUpdate.Joined.class);

      for (int i = 1; i <= 3; i++) {
        String text = "question " + i;
        kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-" + text, text, replyTo));
      }
      kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-3", replyTo));

      List<ChatMessage> messages = kit.getState().transcript().messages();
      assertEquals(List.of(Role.USER, Role.USER, Role.USER, Role.ASSISTANT, Role.ASSISTANT, Role.ASSISTANT),
          messages.stream().map(ChatMessage::role).toList(), "the later messages waited for the first turn");
      assertEquals(List.of("You said: question 1", "You said: question 2", "You said: question 3"),
          messages.subList(3, 6).stream().map(ChatMessage::text).toList());
      assertEquals(List.of("turn-1", "turn-2", "turn-3"), messages.subList(3, 6).stream().map(ChatMessage::turnId).toList());
      assertEquals(List.of("question 1", "question 1\nYou said: question 1\nquestion 2"),
          model.requests().subList(0, 2).stream().map(r -> history(r)).toList(),
          "each turn sees the history up to its own message");
    }
  }

  private static String history(io.parley.core.llm.testing.RecordedRequest request) {
    return request.messages().stream().filter(m -> !m.role().equals("system"))
        .map(io.parley.core.llm.PromptMessage::content).collect(java.util.stream.Collectors.joining("\n"));
  }

  /** An offline session where {@code m-1} "hello" (seq 1) was answered (seq 2). */
  private EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> offlineSessionWithOneAnsweredTurn() {
    var kit = session(TestSessionServices.offline());
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "hello", replyTo));
    kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));
    return kit;
  }

  @Test
  void aFollowerResumingPastTheLastMessageIsRefused() {
    var kit = offlineSessionWithOneAnsweredTurn();

    TestProbe<SessionUpdate> otherTab = testKit.createTestProbe();
    kit.runCommand(new SessionCommand.Subscribe(7, otherTab.getRef(), Optional.empty()));
    SessionUpdate.Refused refused = otherTab.expectMessageClass(SessionUpdate.Refused.class);
    assertEquals(ErrorCode.BAD_REQUEST, refused.code());
    assertEquals("resumeAfter 7 is past this session's last message (2); resume from 0", refused.message());

    kit.runCommand(new SessionCommand.Subscribe(2, otherTab.getRef(), Optional.empty()));
    assertEquals(List.of(), otherTab.expectMessageClass(SessionUpdate.Joined.class).replay(), "up to date: nothing to replay");
  }

  @Test
  void aCustomerFollowsOnlyItsOwnSession() {
    var kit = session(TestSessionServices.offline());
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.of("ada"), Channel.CHAT, replyTo));
    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "hello", replyTo));

    TestProbe<SessionUpdate> bob = testKit.createTestProbe();
    kit.runCommand(new SessionCommand.Subscribe(0, bob.getRef(),
        Optional.of(new SessionCommand.Customer(Optional.of("bob")))));
    assertEquals(ErrorCode.FORBIDDEN, bob.expectMessageClass(SessionUpdate.Refused.class).code());
    TestProbe<SessionUpdate> anonymous = testKit.createTestProbe();
    kit.runCommand(new SessionCommand.Subscribe(0, anonymous.getRef(),
        Optional.of(new SessionCommand.Customer(Optional.empty()))));
    assertEquals(ErrorCode.FORBIDDEN, anonymous.expectMessageClass(SessionUpdate.Refused.class).code());
    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-2", "still there?", replyTo));
    bob.expectNoMessage(Duration.ofMillis(200));
    anonymous.expectNoMessage(Duration.ZERO);

    TestProbe<SessionUpdate> ada = testKit.createTestProbe();
    kit.runCommand(new SessionCommand.Subscribe(0, ada.getRef(),
        Optional.of(new SessionCommand.Customer(Optional.of("ada")))));
    assertEquals(Optional.of("ada"), ada.expectMessageClass(SessionUpdate.Joined.class).info().userId());
  }

  @Test
  void theChannelIsKeptInTheStateTheInfoAndTheArchive() {
    var archive = TestSessionServices.newArchive();
    var kit = session(TestSessionServices.create(Optional.empty(), TestSessionServices.settings(), archive));
    var started = kit.<StatusReply<SessionInfo>>runCommand(
        replyTo -> new SessionCommand.Start(Optional.empty(), Channel.PHONE, replyTo));
    assertEquals(Channel.PHONE, started.eventOfType(SessionStarted.class).channel());
    assertEquals(Channel.PHONE, Replies.value(started.reply()).channel());

    kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("hung up", replyTo));
    ArchiveRecord record = awaitArchived(kit).archive().orElseThrow();
    assertEquals(Channel.PHONE, SessionArchiveDocument.fromJson(archive.get(record.key()).orElseThrow()).channel());
    var view = kit.<StatusReply<SessionView>>runCommand(SessionCommand.GetView::new);
    assertEquals(Channel.PHONE, Replies.value(view.reply()).info().channel());
  }

  @Test
  void aMessageWaitingForTheTenantsBudgetIsRefusedWhenTheSessionClosesMeanwhile() {
    TestProbe<TenantTokenBudget.Command> budget = testKit.createTestProbe();
    var limited = new TenantBudgets(new TenantBudgetSettings(0, Map.of("acme", 1_000L), Duration.ofSeconds(5),
        Duration.ofSeconds(10)), tenant -> budget.getRef());
    var kit = session(TestSessionServices.withBudgets(TestSessionServices.offline(), limited,
        new SessionMetrics(new io.prometheus.metrics.model.registry.PrometheusRegistry())));
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    TestProbe<StatusReply<SessionCommand.Accepted>> client = testKit.createTestProbe();
    kit.runCommand(new SessionCommand.PostUserMessage("m-1", "hello", client.getRef()));
    TenantTokenBudget.Check check = budget.expectMessageClass(TenantTokenBudget.Check.class);
    client.expectNoMessage(Duration.ofMillis(100));

    kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("done", replyTo));
    Refusal refusal = Replies.refusal(client.receiveMessage());
    assertEquals("the session is closed", refusal.getMessage(), "the waiting message is answered, not lost");
    assertEquals(ErrorCode.BAD_REQUEST, refusal.code());
    check.replyTo().tell(new TenantTokenBudget.Standing(10, 1_000, java.time.Instant.now().plusSeconds(3_600)));
    client.expectNoMessage(Duration.ofMillis(100));
    assertTrue(kit.getState().transcript().byClientMsgId("m-1").isEmpty());
  }

  @Test
  void closedSessionRefusesNewMessagesButAcksRetries() {
    var kit = offlineSessionWithOneAnsweredTurn();
    var close = kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("done", replyTo));
    close.eventOfType(SessionEvent.SessionClosed.class);
    assertInstanceOf(Closed.class, kit.getState());
    awaitArchived(kit); // its SessionArchived event would otherwise land in a later command's result

    var refused = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-2", "more", replyTo));
    assertTrue(refused.hasNoEvents());
    assertEquals(ErrorCode.BAD_REQUEST, Replies.refusal(refused.reply()).code());

    var retried = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "hello", replyTo));
    assertTrue(retried.hasNoEvents());
    assertEquals(1, accepted(retried.reply()).seq());

    var closeAgain = kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("again", replyTo));
    assertTrue(closeAgain.hasNoEvents());
    assertEquals("done", Replies.value(closeAgain.reply()).reason());
  }

  @Test
  void onlyASettledSessionWithoutClientsPassivates() {
    var kit = session(TestSessionServices.offline(TestSessionServices.settings(Map.of("passivate-after-idle", "200ms"))));
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    shard.expectNoMessage(Duration.ofMillis(600));

    TestProbe<SessionUpdate> client = testKit.createTestProbe();
    kit.runCommand(new SessionCommand.Subscribe(0, client.getRef(), Optional.empty()));
    kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("done", replyTo));
    awaitArchived(kit);
    shard.expectNoMessage(Duration.ofMillis(600));

    kit.runCommand(new SessionCommand.Unsubscribe(client.getRef()));
    shard.expectMessageClass(ClusterSharding.Passivate.class, Duration.ofSeconds(3));
  }

  @Test
  void anIdleSessionClosesItselfAndArchivesItsTranscript() {
    var archive = TestSessionServices.newArchive();
    var services = TestSessionServices.create(Optional.empty(), TestSessionServices.settings(Map.of("idle-close", "300ms")), archive);
    var kit = session(services);
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1",
        "Hi, my name is Ada Lovelace and my order 1042 has not arrived", replyTo));
    SessionState.Closed closed = awaitArchived(kit);
    assertEquals("idle", closed.reason());

    ArchiveRecord record = closed.archive().orElseThrow();
    assertTrue(record.key().matches("acme/\\d{4}/\\d{2}/\\d{2}/[0-9a-f-]{36}\\.json"), record.key());
    SessionArchiveDocument document = SessionArchiveDocument.fromJson(archive.get(record.key()).orElseThrow());
    assertEquals(SessionArchiveDocument.FORMAT, document.format());
    assertEquals(List.of(1L, 2L), document.messages().stream().map(ChatMessage::seq).toList());
    assertEquals("idle", document.closeReason());
    assertTrue(document.facts().stream().anyMatch(f -> f.name().equals("customer_name") && f.value().equals("Ada Lovelace")),
        document.facts().toString());
    assertTrue(document.facts().stream().anyMatch(f -> f.name().equals("order_number") && f.value().equals("1042")));

    kit.restart();
    assertEquals(closed, kit.getState(), "recovery does not archive a second time");
  }

  @Test
  void aPhoneSessionNoCallFollowsClosesAsADroppedCall() {
    var archive = TestSessionServices.newArchive();
    var services = TestSessionServices.create(Optional.empty(), TestSessionServices.settings(Map.of("idle-close", "300ms")), archive);
    var kit = session(services);
    // As after a crash of the node holding the call: the session is open, and no call follows it.
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.of("phone-1a2b"), Channel.PHONE,
        replyTo));
    SessionState.Closed closed = awaitArchived(kit);
    assertEquals(CallEnd.DROPPED.closeReason(), closed.reason());
    SessionArchiveDocument document = SessionArchiveDocument.fromJson(archive.get(closed.archive().orElseThrow().key())
        .orElseThrow());
    assertEquals(Optional.of(CallEnd.DROPPED), document.callEnd());
  }

  @Test
  void factsArePinnedWithTheirMessageAndSupersededExplicitly() {
    var kit = session(TestSessionServices.offline());
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    var first = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1",
        "My email is ada@example.com", replyTo));
    // The instant offline answer may land in the same result; the fact must directly follow its message.
    assertEquals(List.of(UserMessageAppended.class, SessionEvent.FactPinned.class),
        first.events().stream().limit(2).map(Object::getClass).toList(), "the fact is persisted with its message");
    kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));

    var second = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-2",
        "Sorry, my email is actually ada@newmail.example", replyTo));
    SessionEvent.FactPinned changed = second.events().stream()
        .filter(SessionEvent.FactPinned.class::isInstance).map(SessionEvent.FactPinned.class::cast)
        .findFirst().orElseThrow();
    assertEquals("ada@newmail.example", changed.value());
    assertEquals(Optional.of("ada@example.com"), changed.supersedes());

    ConversationNotes notes = ((Open) kit.getState()).notes();
    assertEquals(List.of("ada@newmail.example"), notes.facts().stream().map(f -> f.value()).toList());
    assertEquals("ada@example.com", notes.superseded().get(0).fact().value());
    assertEquals("ada@newmail.example", notes.superseded().get(0).replacedBy());
  }

  @Test
  void theArchiveDocumentLeavesPersonalDataOutUnlessToldToKeepIt() {
    var kit = session(TestSessionServices.offline());
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1",
        "My email is ada@example.com and I paid with 4111 1111 1111 1111", replyTo));
    kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));
    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-2",
        "Sorry, my email is actually ada@newmail.example", replyTo));
    kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("done", replyTo));
    SessionState.Closed closed = (SessionState.Closed) kit.getState();

    SessionArchiveDocument redacted = SessionArchiveDocument.of(SessionId.random("acme"), closed, true);
    String json = new String(redacted.toJson(), StandardCharsets.UTF_8);
    for (String personal : List.of("ada@example.com", "ada@newmail.example", "4111 1111 1111 1111")) {
      assertFalse(json.contains(personal), personal + " is in the archive: " + json);
    }
    assertEquals("My email is [EMAIL_1] and I paid with [CARD_1]", redacted.messages().get(0).text());
    assertEquals(List.of("[EMAIL_2]"), redacted.facts().stream().map(f -> f.value()).toList());
    assertEquals("[EMAIL_1]", redacted.supersededFacts().get(0).fact().value());
    assertTrue(redacted.personalDataRedacted());
    assertEquals(Optional.empty(), redacted.botConfigVersion(), "no tenant configuration: the node's settings");

    SessionArchiveDocument kept = SessionArchiveDocument.of(SessionId.random("acme"), closed, false);
    assertTrue(kept.messages().get(0).text().contains("ada@example.com"));
    assertFalse(kept.personalDataRedacted());

    // The tenant's pinned configuration: its own kinds only, or its archive kept as written.
    SessionArchiveDocument cardsOnly = SessionArchiveDocument.of(SessionId.random("acme"),
        pinned(closed, "{\"redactKinds\": [\"CARD\"]}"), true);
    assertEquals("My email is ada@example.com and I paid with [CARD_1]", cardsOnly.messages().get(0).text());
    SessionArchiveDocument keptByTenant = SessionArchiveDocument.of(SessionId.random("acme"),
        pinned(closed, "{\"keepArchiveUnredacted\": true}"), true);
    assertTrue(keptByTenant.messages().get(0).text().contains("4111 1111 1111 1111"));
    assertFalse(keptByTenant.personalDataRedacted());
    assertFalse(json.contains("botConfigDraft"), "a published version, or none: not said");

    // A test session on the tenant's draft: the archive says so beside the draft's number.
    SessionState.Closed onDraft = pinned(closed, "{\"assistantName\": \"Max\"}");
    onDraft = new SessionState.Closed(onDraft.userId(), onDraft.channel(), onDraft.startedAt(), onDraft.transcript(),
        onDraft.notes(), onDraft.closedAt(), onDraft.reason(), onDraft.archive(), onDraft.memoryRecorded(),
        Optional.of(new io.parley.core.bot.PinnedBotConfig(3, onDraft.botConfig().get().config(), true)));
    SessionArchiveDocument draftDocument = SessionArchiveDocument.of(SessionId.random("acme"), onDraft, true);
    assertEquals(Optional.of(3), draftDocument.botConfigVersion());
    assertEquals(Optional.of(true), draftDocument.botConfigDraft());
    assertEquals(Optional.of(true), SessionArchiveDocument.fromJson(draftDocument.toJson()).botConfigDraft());
  }

  private static SessionState.Closed pinned(SessionState.Closed closed, String config) {
    try {
      var read = (io.parley.core.bot.BotConfigDocument.Read.Valid) io.parley.core.bot.BotConfigDocument.read(
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(config),
          new io.parley.core.bot.BotConfigDocument.Node(java.util.Set.of(), 1024, java.util.Set.of(),
              new io.parley.core.bot.NodeLimits(131_072, 500_000, 20, 30_000, bot -> 0)));
      return new SessionState.Closed(closed.userId(), closed.channel(), closed.startedAt(), closed.transcript(),
          closed.notes(), closed.closedAt(), closed.reason(), closed.archive(), closed.memoryRecorded(),
          Optional.of(new io.parley.core.bot.PinnedBotConfig(1, read.config())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void eachCustomerMessageRescoresTheLeadWhichQualifiesOnceAndIsArchived() {
    List<Integer> alerted = new java.util.concurrent.CopyOnWriteArrayList<>();
    var kit = session(TestSessionServices.withLeads(TestSessionServices.offline(), (id, lead) -> alerted.add(lead.score())));
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    List<String> messages = List.of("Where is my parcel?", "Also, what does the enterprise plan cost?",
        "Our budget is $8,000 and we need it by next week.", "ok");
    List<Integer> scores = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      String text = messages.get(i);
      var posted = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo ->
          new SessionCommand.PostUserMessage("m-" + text.length(), text, replyTo));
      LeadScore lead = posted.events().stream().filter(SessionEvent.LeadScored.class::isInstance)
          .map(e -> ((SessionEvent.LeadScored) e).score()).findFirst().orElseThrow();
      assertEquals(lead, ((Open) kit.getState()).notes().lead().orElseThrow(), "stored with the message, in one write");
      scores.add(lead.score());
      String turnId = Replies.value(posted.reply()).turnId();
      kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer(turnId, replyTo));
    }
    assertEquals(List.of(2, 39, 76, 78), scores);
    assertEquals(List.of(76), alerted, "told once, when the score first reached the node's threshold (70)");

    kit.restart();
    assertEquals(List.of(76, 78), alerted, "a recovered qualified session asks again, the alert being idempotent");

    kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("done", replyTo));
    SessionArchiveDocument document = SessionArchiveDocument.of(SessionId.random("acme"), (SessionState.Closed) kit.getState(), true);
    SessionArchiveDocument.ArchivedLead archived = document.lead().orElseThrow();
    assertEquals(78, archived.score());
    assertTrue(archived.qualified());
    assertEquals(List.of(LeadSignal.PURCHASE_INTENT, LeadSignal.BUDGET, LeadSignal.TIMELINE, LeadSignal.ENGAGEMENT),
        archived.contributions().stream().map(LeadContribution::signal).toList());
  }

  private static SessionState.Closed awaitArchived(
      EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> kit) {
    return (SessionState.Closed) await("the session archived").atMost(Duration.ofSeconds(10)).pollInSameThread()
        .until(kit::getState, state -> state instanceof SessionState.Closed closed && closed.archive().isPresent());
  }

  @Test
  void messagesBeyondTheRateAreRefusedWithTheTimeToWaitAndStoreNothing() {
    var kit = session(TestSessionServices.offline(TestSessionServices.settings(
        Map.of("messages-per-minute", "20", "message-burst", "3"))));
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    for (int i = 1; i <= 3; i++) {
      String id = "m-" + i;
      var ok = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage(id, "hello " + id, replyTo));
      Replies.value(ok.reply());
    }
    var limited = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-4", "one more", replyTo));
    Refusal refused = Replies.refusal(limited.reply());
    assertEquals(ErrorCode.RATE_LIMITED, refused.code());
    long retryAfter = refused.retryAfterMs().orElseThrow();
    assertTrue(retryAfter > 0 && retryAfter <= 3_000, "20 per minute: the next token within 3 s, got " + retryAfter);
    assertTrue(kit.getState().transcript().byClientMsgId("m-4").isEmpty(), "a refused message is not stored");

    var retried = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "hello m-1", replyTo));
    assertTrue(accepted(retried.reply()).duplicate(), "a retry of a stored message is acked, never rate limited");
  }

  @Test
  void aSessionOverItsTokenBudgetRefusesNewMessages() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      var kit = session(TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings(Map.of("token-budget", "10"))));
      kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
      kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "Tell me everything about shipping", replyTo));
      kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));
      assertTrue(((Open) kit.getState()).notes().usage().promptTokens() > 10, "the model server reported its usage");

      var refused = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-2", "And returns?", replyTo));
      assertEquals(ErrorCode.BUDGET_EXCEEDED, Replies.refusal(refused.reply()).code());
      assertTrue(refused.hasNoEvents());
      assertEquals(2, kit.getState().transcript().lastSeq(), "what was stored stays");
    }
  }

  @Test
  void unknownSessionRefusesSubscribersAndPassivates() {
    var kit = session(TestSessionServices.offline());
    TestProbe<SessionUpdate> client = testKit.createTestProbe();
    kit.runCommand(new SessionCommand.Subscribe(0, client.getRef(), Optional.empty()));
    SessionUpdate.Refused refused = client.expectMessageClass(SessionUpdate.Refused.class);
    assertEquals(ErrorCode.NOT_FOUND, refused.code());
    shard.expectMessageClass(ClusterSharding.Passivate.class);
  }

  @Test
  void replayRestoresStateAndResumeReplaysAfterSeq() {
    var kit = session(TestSessionServices.offline());
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "hello", replyTo));
    var answer = kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));
    assertEquals(2, Replies.value(answer.reply()).message().seq());

    SessionState before = kit.getState();
    kit.restart();
    assertEquals(before, kit.getState());

    TestProbe<SessionUpdate> client = testKit.createTestProbe();
    kit.runCommand(new SessionCommand.Subscribe(1, client.getRef(), Optional.empty()));
    SessionUpdate.Joined joined = client.expectMessageClass(SessionUpdate.Joined.class);
    assertEquals(List.of(2L), joined.replay().stream().map(ChatMessage::seq).toList());
    assertEquals(Role.ASSISTANT, joined.replay().get(0).role());
  }

  @Test
  void recoversFromSnapshotsAndTheEventsAfterThem() {
    SessionSettings snapshotOften = TestSessionServices.settings(Map.of("snapshot-every", "3"));
    var kit = session(TestSessionServices.offline(snapshotOften));
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.of("u-9"), Channel.CHAT, replyTo));
    for (int i = 1; i <= 4; i++) {
      String id = "m-" + i;
      kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage(id, "hello " + id, replyTo));
      String turn = "turn-" + (2 * i - 1);
      kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer(turn, replyTo));
    }
    SessionState before = kit.getState();
    assertEquals(8, before.transcript().lastSeq());
    var snapshots = kit.snapshotTestKit().orElseThrow().persistedInStorage(persistenceId(kit));
    assertTrue(!snapshots.isEmpty(), "snapshots were taken every 3 events");
    kit.restart();
    assertEquals(before, kit.getState(), "state rebuilt from the latest snapshot plus the events after it");
  }

  @Test
  void turnInterruptedByACrashRunsAgainAfterRecovery() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      // The first attempt stalls forever: the "node" dies mid-turn, before any answer is persisted.
      model.enqueue(Reply.answer("never finished").stallingAfter(1));
      var kit = session(TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings()));
      kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
      TestProbe<SessionUpdate> client = testKit.createTestProbe();
      kit.runCommand(new SessionCommand.Subscribe(0, client.getRef(), Optional.empty()));
      kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "where is my order?", replyTo));
      client.fishForMessage(Duration.ofSeconds(5), u -> u instanceof SessionUpdate.Delta
          ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
          : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
      assertEquals(List.of("turn-1"), ((Open) kit.getState()).pendingTurns(), "mid-answer: nothing persisted yet");

      kit.restart();

      var answer = kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));
      ChatMessage message = Replies.value(answer.reply()).message();
      assertEquals("You said: where is my order?", message.text());
      assertEquals("turn-1", message.turnId());
      assertEquals(List.of(), ((Open) kit.getState()).pendingTurns());
      assertEquals(2, model.requestCount(), "the interrupted attempt, then the turn run again after recovery");
    }
  }
}
