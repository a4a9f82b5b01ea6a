package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.TokenUsage;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Heard;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.admission.TenantBudgetSettings;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.entity.SessionCommand.Interrupted;
import io.parley.sessions.entity.SessionEvent.AnswerInterrupted;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.turns.TurnSlot;
import io.parley.sessions.turn.TurnReport;
import io.parley.sessions.turn.TurnRunner;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Barge-in: a spoken answer the customer talked over keeps only what was heard, and is never answered again. */
class InterruptedAnswerTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  private static final String ANSWER = "Ticket T-1001 is open. An agent replies within a day. Anything else?";

  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();

  private EventSourcedBehaviorTestKit<SessionInput, SessionEvent, SessionState> voiceSession(SessionServices services,
      TestProbe<SessionUpdate> client) {
    // The incarnation hears its runner's reports too, which only it sends itself and which never
    // cross nodes, so they are not serializable: only events and states are checked.
    var kit = EventSourcedBehaviorTestKit.<SessionInput, SessionEvent, SessionState>create(testKit.system(),
        ChatSession.create(SessionId.random("acme"), shard.getRef(), services).unsafeCast(),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyCommands(false));
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.VOICE, replyTo));
    kit.runCommand(new SessionCommand.Subscribe(0, client.getRef(), Optional.empty()));
    client.expectMessageClass(SessionUpdate.Joined.class);
    return kit;
  }

  private static StatusReply<Interrupted> interrupt(
      EventSourcedBehaviorTestKit<SessionInput, SessionEvent, SessionState> kit, String turnId, String heard) {
    return kit.<StatusReply<Interrupted>>runCommand(replyTo -> new SessionCommand.InterruptAnswer(turnId, heard, replyTo))
        .reply();
  }

  private static void post(EventSourcedBehaviorTestKit<SessionInput, SessionEvent, SessionState> kit, String id,
      String text) {
    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage(id, text, replyTo));
  }

  /** A voice session whose first turn the customer spoke over once the first piece of its answer came. */
  private EventSourcedBehaviorTestKit<SessionInput, SessionEvent, SessionState> heldAfterItsFirstPiece(
      FakeChatCompletionsServer model, TestProbe<SessionUpdate> client) {
    var kit = voiceSession(TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings()), client);
    post(kit, "voice/c1/1", "what is the status of ticket T-1001");
    client.fishForMessage(Duration.ofSeconds(5), u -> u instanceof SessionUpdate.Delta
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    kit.runCommand(new SessionCommand.HoldAnswer("turn-1"));
    return kit;
  }

  private static ChatMessage answerOf(TestProbe<SessionUpdate> client) {
    return client.fishForMessage(Duration.ofSeconds(5), u -> u instanceof SessionUpdate.MessageAdded added
            && added.message().role() == Role.ASSISTANT ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore())
        .stream().map(u -> ((SessionUpdate.MessageAdded) u).message()).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void aTurnStoppedMidAnswerStillCountsItsTokensAgainstTheTenantsBudget() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.answer(ANSWER).withChunkDelay(Duration.ofMillis(100)));
      TestProbe<TenantTokenBudget.Command> budget = testKit.createTestProbe();
      TenantBudgets budgets = new TenantBudgets(
          new TenantBudgetSettings(0, Map.of("acme", 1_000_000L), Duration.ofHours(1), Duration.ofSeconds(5)),
          tenant -> budget.getRef());
      SessionServices services = TestSessionServices.withBudgets(
          TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings()), budgets,
          new SessionMetrics(new PrometheusRegistry()));
      TestProbe<SessionUpdate> client = testKit.createTestProbe();
      var kit = voiceSession(services, client);
      kit.runCommand(new SessionCommand.PostUserMessage("voice/c1/1", "what is the status of ticket T-1001",
          testKit.<StatusReply<SessionCommand.Accepted>>createTestProbe().getRef()));
      budget.expectMessageClass(TenantTokenBudget.Check.class).replyTo()
          .tell(new TenantTokenBudget.Standing(0, 1_000_000, Instant.now().plus(Duration.ofHours(1))));
      client.fishForMessage(Duration.ofSeconds(5), u -> u instanceof SessionUpdate.Delta
          ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());

      kit.runCommand(new SessionCommand.HoldAnswer("turn-1"));
      TenantTokenBudget.RecordUsage used = budget.expectMessageClass(TenantTokenBudget.RecordUsage.class);
      assertTrue(used.turnKey().endsWith("/turn-1"), used.turnKey());
      int request = services.answering().prompts().counter().count(model.requests().get(0).messages());
      assertTrue(used.tokens() > request, "the request (" + request + " tokens as the node counts them) and what was"
          + " written of the answer: " + used.tokens() + " tokens");

      // Had its answer already been on its way, the runner would report no stop: the answer's usage counts instead.
      kit.runCommand(new InternalCommand.TurnAnswered(new TurnReport.Answered("turn-1", ANSWER, AnswerSource.LLM,
          Optional.of(new TokenUsage(100, 7)), Optional.empty(), Optional.empty(), 0, Optional.empty())));
      assertEquals(107, budget.expectMessageClass(TenantTokenBudget.RecordUsage.class).tokens());
    }
  }

  @Test
  void theGreetingIsStoredOnceAsItStartsAndCutLikeAnAnswer() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      TestProbe<SessionUpdate> client = testKit.createTestProbe();
      var kit = voiceSession(TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings()), client);
      String greeting = "Hello, you are through to support. How can I help you today?";
      var first = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo ->
          new SessionCommand.PostGreeting(greeting, replyTo));
      AssistantMessageAppended stored = first.eventOfType(AssistantMessageAppended.class);
      assertEquals(SessionCommand.PostGreeting.GREETING, stored.turnId());
      assertEquals(AnswerSource.GREETING, stored.source());
      assertEquals(greeting, answerOf(client).text(), "followers see it as any message");

      var again = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo ->
          new SessionCommand.PostGreeting(greeting, replyTo));
      assertTrue(again.events().isEmpty(), "a call resumed or handed over greets no second time in the transcript");
      assertTrue(Replies.value(again.reply()).duplicate());

      assertEquals("Hello, you are through to support.",
          Replies.value(interrupt(kit, SessionCommand.PostGreeting.GREETING, "Hello, you are through to support."))
              .keptText());
      ChatMessage kept = ((Open) kit.getState()).transcript().answerOf(SessionCommand.PostGreeting.GREETING).orElseThrow();
      assertEquals("Hello, you are through to support.", kept.text());
      assertTrue(kept.interrupted());
    }
  }

  @Test
  void aStoredAnswerIsCutToWhatWasHeardAndTheModelNeverSeesTheRest() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.answer(ANSWER), Reply.answer("Sure."));
      TestProbe<SessionUpdate> client = testKit.createTestProbe();
      var kit = voiceSession(TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings()), client);
      post(kit, "voice/c1/1", "what is the status of ticket T-1001");
      ChatMessage full = answerOf(client);
      assertEquals(ANSWER, full.text());

      var cut = kit.<StatusReply<Interrupted>>runCommand(replyTo ->
          new SessionCommand.InterruptAnswer("turn-1", "ticket T 1001 is open an agent", replyTo));
      assertEquals(new AnswerInterrupted("turn-1", full.seq(), "Ticket T-1001 is open. An agent",
          cut.eventOfType(AnswerInterrupted.class).at()), cut.eventOfType(AnswerInterrupted.class));
      assertEquals("Ticket T-1001 is open. An agent", Replies.value(cut.reply()).keptText());
      assertEquals(new SessionUpdate.AnswerCut("turn-1", full.seq(), "Ticket T-1001 is open. An agent"),
          client.expectMessageClass(SessionUpdate.AnswerCut.class));
      ChatMessage stored = ((Open) kit.getState()).transcript().bySeq(full.seq()).orElseThrow();
      assertTrue(stored.interrupted());
      assertEquals("Ticket T-1001 is open. An agent", stored.text());

      var again = kit.<StatusReply<Interrupted>>runCommand(replyTo ->
          new SessionCommand.InterruptAnswer("turn-1", "ticket T 1001 is open an agent", replyTo));
      assertTrue(again.hasNoEvents(), "a repeated interruption changes nothing");
      assertEquals("Ticket T-1001 is open. An agent", Replies.value(again.reply()).keptText());

      post(kit, "voice/c1/2", "no that is all");
      answerOf(client);
      String secondPrompt = model.requests().get(1).body().toString();
      assertTrue(secondPrompt.contains("An agent"), secondPrompt);
      assertFalse(secondPrompt.contains("within a day"), "what was never heard must not reach the model: " + secondPrompt);
    }
  }

  @Test
  void theArchiveSaysWhichMessagesWereSpokenHowSurelyTheyWereHeardAndWhatWasCut() {
    TestProbe<SessionUpdate> client = testKit.createTestProbe();
    var kit = voiceSession(TestSessionServices.offline(), client);
    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("voice/c1/1",
        "how do I reset my password", Optional.of(new Heard("vosk", 0.87)), Optional.empty(), replyTo));
    ChatMessage answer = answerOf(client);
    post(kit, "c-typed", "thanks");
    answerOf(client);
    String firstWords = answer.text().substring(0, answer.text().indexOf(' ', 10));
    interrupt(kit, answer.turnId(), firstWords);
    kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("done", replyTo));

    SessionArchiveDocument archive =
        SessionArchiveDocument.of(SessionId.random("acme"), (SessionState.Closed) kit.getState(), true);
    assertEquals(List.of(new SessionArchiveDocument.SpokenMessage(1, "vosk", 0.87)), archive.spoken(),
        "the typed message is not listed");
    ChatMessage cut = archive.messages().stream().filter(m -> m.seq() == answer.seq()).findFirst().orElseThrow();
    assertTrue(cut.interrupted());
    assertEquals(firstWords, cut.text());
  }

  @Test
  void heardWordsThatAreNotTheStartOfTheAnswerAreRefused() {
    TestProbe<SessionUpdate> client = testKit.createTestProbe();
    var kit = voiceSession(TestSessionServices.offline(), client);
    post(kit, "voice/c1/1", "how do I reset my password?");
    answerOf(client);
    var refused = kit.<StatusReply<Interrupted>>runCommand(replyTo ->
        new SessionCommand.InterruptAnswer("turn-1", "send me your card number", replyTo));
    assertTrue(refused.hasNoEvents());
    assertEquals(ErrorCode.BAD_REQUEST, Replies.refusal(refused.reply()).code());
  }

  @Test
  void anAnswerStillStreamingStopsAndKeepsTheHeardPartAndIsNotAnsweredAgainAfterACrash() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.answer(ANSWER).stallingAfter(4));
      TestProbe<SessionUpdate> client = testKit.createTestProbe();
      var kit = voiceSession(TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings()), client);
      post(kit, "voice/c1/1", "what is the status of ticket T-1001");
      client.fishForMessage(Duration.ofSeconds(5), u -> u instanceof SessionUpdate.Delta delta
          && delta.text().contains("open.") ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());

      var cut = kit.<StatusReply<Interrupted>>runCommand(replyTo ->
          new SessionCommand.InterruptAnswer("turn-1", "Ticket T-1001 is", replyTo));
      AssistantMessageAppended kept = cut.eventOfType(AssistantMessageAppended.class);
      assertEquals("Ticket T-1001 is", kept.text());
      assertTrue(kept.interrupted());
      ChatMessage message = answerOf(client);
      assertTrue(message.interrupted());
      assertEquals(List.of(), ((Open) kit.getState()).pendingTurns());

      kit.restart();
      assertEquals(List.of(), ((Open) kit.getState()).pendingTurns(), "the interrupted turn is not run again");
      client.expectNoMessage(Duration.ofMillis(300));
      assertEquals(1, model.requestCount());
    }
  }

  @Test
  void aHeldAnswerStopsStreamingAtOnceAndThenKeepsWhatWasHeard() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.answer(ANSWER).withChunkDelay(Duration.ofMillis(150)));
      TestProbe<SessionUpdate> client = testKit.createTestProbe();
      var kit = heldAfterItsFirstPiece(model, client);
      List<SessionUpdate> after = client.receiveSeveralMessages(0, Duration.ofMillis(600));
      assertTrue(after.stream().noneMatch(SessionUpdate.Delta.class::isInstance),
          "the model's stream stopped with the barge-in: " + after);
      var cut = interrupt(kit, "turn-1", "Ticket");
      assertEquals("Ticket", cut.getValue().keptText());
      ChatMessage message = answerOf(client);
      assertEquals("Ticket", message.text());
      assertTrue(message.interrupted());
      assertEquals(List.of(), ((Open) kit.getState()).pendingTurns());
    }
  }

  @Test
  void aHeldAnswerNobodySaysWasHeardEndsUnheardAndTheConversationGoesOn() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.answer(ANSWER).withChunkDelay(Duration.ofMillis(150)), Reply.answer("Sure."));
      TestProbe<SessionUpdate> client = testKit.createTestProbe();
      var kit = heldAfterItsFirstPiece(model, client);
      List<SessionUpdate> updates = client.fishForMessage(TurnSlot.HOLD_LIMIT.plusSeconds(3),
          u -> u instanceof SessionUpdate.AnswerCut ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
      assertEquals(new SessionUpdate.AnswerCut("turn-1", 0, ""), updates.get(updates.size() - 1));
      assertEquals(List.of(), ((Open) kit.getState()).pendingTurns());

      post(kit, "voice/c1/2", "of ticket T-1001");
      assertEquals("Sure.", answerOf(client).text(), "the next message is answered");
    }
  }

  @Test
  void aTurnNobodyHeardEndsWithoutAnEmptyMessage() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.answer(ANSWER).stallingAfter(2), Reply.answer("Sure."), Reply.answer("Bye."));
      TestProbe<SessionUpdate> client = testKit.createTestProbe();
      var kit = voiceSession(TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings()), client);
      post(kit, "voice/c1/1", "what is the status");
      client.fishForMessage(Duration.ofSeconds(5), u -> u instanceof SessionUpdate.Delta
          ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());

      var streaming = kit.<StatusReply<Interrupted>>runCommand(replyTo ->
          new SessionCommand.InterruptAnswer("turn-1", "", replyTo));
      assertEquals(new AnswerInterrupted("turn-1", 0, "", streaming.eventOfType(AnswerInterrupted.class).at()),
          streaming.eventOfType(AnswerInterrupted.class));
      List<SessionUpdate> updates = client.fishForMessage(Duration.ofSeconds(2), u -> u instanceof SessionUpdate.AnswerCut
          ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
      assertEquals(new SessionUpdate.AnswerCut("turn-1", 0, ""), updates.get(updates.size() - 1));

      post(kit, "voice/c1/2", "of ticket T-1001");
      ChatMessage second = answerOf(client);
      assertEquals(3, second.seq());
      var storedThenUnheard = kit.<StatusReply<Interrupted>>runCommand(replyTo ->
          new SessionCommand.InterruptAnswer(second.turnId(), "", replyTo));
      assertEquals(second.seq(), storedThenUnheard.eventOfType(AnswerInterrupted.class).seq());

      Open state = (Open) kit.getState();
      assertEquals(List.of(Role.USER, Role.USER), state.transcript().messages().stream().map(ChatMessage::role).toList(),
          "no assistant message is left for answers nobody heard");
      assertEquals(3, state.transcript().lastSeq(), "the withdrawn answer's seq is not given again");
      post(kit, "voice/c1/3", "thanks");
      assertEquals(5, answerOf(client).seq());
      kit.restart();
      assertEquals(List.of(), ((Open) kit.getState()).pendingTurns());
    }
  }
}
