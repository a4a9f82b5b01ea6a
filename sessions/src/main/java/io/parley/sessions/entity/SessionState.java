package io.parley.sessions.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.core.CborSerializable;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.CallTransfer;
import io.parley.core.handoff.CustomerContact;
import io.parley.core.handoff.Handoff;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.Wording;
import io.parley.core.lead.LeadScore;
import io.parley.core.memory.PinnedFact;
import io.parley.core.memory.SeqRange;
import io.parley.core.session.Channel;
import io.parley.core.privacy.KeypadRedaction;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.ArchiveRecord;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.SessionView;
import io.parley.sessions.entity.SessionEvent.AgentJoined;
import io.parley.sessions.entity.SessionEvent.AgentMessageAppended;
import io.parley.sessions.entity.SessionEvent.AgentRequested;
import io.parley.sessions.entity.SessionEvent.AnswerInterrupted;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionEvent.FactPinned;
import io.parley.sessions.entity.SessionEvent.LeadScored;
import io.parley.sessions.entity.SessionEvent.MemoryRecorded;
import io.parley.sessions.entity.SessionEvent.NoticeAppended;
import io.parley.sessions.entity.SessionEvent.PageContextSet;
import io.parley.sessions.entity.SessionEvent.Rated;
import io.parley.sessions.entity.SessionEvent.ReturnedToBot;
import io.parley.sessions.entity.SessionEvent.SessionArchived;
import io.parley.sessions.entity.SessionEvent.SessionClosed;
import io.parley.sessions.entity.SessionEvent.SessionStarted;
import io.parley.sessions.entity.SessionEvent.SummaryUpdated;
import io.parley.sessions.entity.SessionEvent.ToolCallCompleted;
import io.parley.sessions.entity.SessionEvent.ToolCallsRequested;
import io.parley.sessions.entity.SessionEvent.UserMessageAppended;
import io.parley.sessions.turn.ToolRound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The lifecycle phases of a session: not started, open, closed. Each phase is an immutable record;
 * the transitions live here, taking the {@link SessionEvent}s that cause them, so the entity's event
 * handler only dispatches. Snapshots from before {@code channel} existed read as {@code chat}.
 */
public sealed interface SessionState extends CborSerializable {
  Transcript transcript();

  /** The session's identity and position; only a started session has them. */
  SessionInfo info(SessionId id);

  /** The whole session for inspection; only a started session has it. */
  SessionView view(SessionId id);

  /** Why the bot answers again when an agent gave the conversation back (other reasons: nobody came). */
  String HANDED_BACK = "handed_back";

  /** What every request to an erased session is told (as not found). */
  String ERASED = "the session was erased";

  /** The transcript's idempotency id of an agent's message: apart from the customer's. */
  static String agentKey(String clientMsgId) {
    return "agent:" + clientMsgId;
  }

  /** The conversation's language as its info names it: the BCP 47 tag, once decided. */
  static Optional<String> languageTag(ConversationNotes notes) {
    return notes.language().map(language -> language.tag().tag());
  }

  /** The transcript's idempotency id of a notice: apart from client message ids. */
  static String noticeKey(String noticeId) {
    return "notice:" + noticeId;
  }

  /**
   * Erased (docs/security.md, "Erasure and export"): its data key was deleted, so nothing of it can
   * be read; every request is refused as not found. Only ever recovered, through {@link SessionSeal}.
   */
  record Erased() implements SessionState {
    @Override
    public Transcript transcript() {
      return Transcript.empty();
    }

    @Override
    public SessionInfo info(SessionId id) {
      throw new IllegalStateException("an erased session has no info");
    }

    @Override
    public SessionView view(SessionId id) {
      throw new IllegalStateException("an erased session has no view");
    }
  }

  /** No {@code SessionStarted} yet: the id was never used (or belongs to nobody in this tenant). */
  record NotStarted() implements SessionState {
    @Override
    public Transcript transcript() {
      return Transcript.empty();
    }

    @Override
    public SessionInfo info(SessionId id) {
      throw new IllegalStateException("a session that never started has no info");
    }

    @Override
    public SessionView view(SessionId id) {
      throw new IllegalStateException("a session that never started has no view");
    }

    public Open start(SessionStarted event) {
      return new Open(event.userId(), event.channel(), event.at(), event.at(), Transcript.empty(),
          ConversationNotes.empty(), List.of(), Map.of(), Handoff.bot(), event.botConfig(), event.placedCall());
    }
  }

  /**
   * Accepting messages. {@code pendingTurns} are the turn ids of user messages not answered yet,
   * oldest first: turns run one at a time, in this order, and survive a crash because they are
   * derived from persisted events. {@code lastActivityAt} (the start or the last user message)
   * decides when an idle session closes.
   */
  record Open(Optional<String> userId, Channel channel, Instant startedAt, Instant lastActivityAt, Transcript transcript,
      ConversationNotes notes, List<String> pendingTurns, Map<String, List<ToolRound>> toolRounds, Handoff handoff,
      Optional<PinnedBotConfig> botConfig, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean placedCall)
      implements SessionState {
    public Open {
      channel = channel == null ? Channel.CHAT : channel;
      handoff = handoff == null ? Handoff.bot() : handoff;
      botConfig = botConfig == null ? Optional.empty() : botConfig;
      pendingTurns = List.copyOf(pendingTurns);
      toolRounds = Map.copyOf(toolRounds);
    }

    public Open appendUser(UserMessageAppended event) {
      ChatMessage message = new ChatMessage(event.seq(), Role.USER, event.text(), event.turnId(), event.at());
      List<String> turns = new ArrayList<>(pendingTurns);
      // While a person is asked for or answers, the customer's messages are theirs, not the model's turns.
      if (handoff.botAnswers()) turns.add(event.turnId());
      return new Open(userId, channel, startedAt, event.at(),
          transcript.append(message, Optional.of(event.clientMsgId())).heard(event.seq(), event.heard()),
          notes.withShared(event.seq(), event.attachments()), turns, toolRounds, handoff, botConfig, placedCall);
    }

    /** A phone caller's keys: the customer's message they are. */
    public Open pressKeys(SessionEvent.KeysPressed event) {
      return appendUser(event.message());
    }

    public Open appendAssistant(AssistantMessageAppended event) {
      ChatMessage message = ChatMessage.answer(event.seq(), event.text(), event.turnId(), event.at(), event.interrupted(),
          event.source()).translated(event.translation());
      List<String> turns = new ArrayList<>(pendingTurns);
      turns.remove(event.turnId());
      // An answered turn's tool rounds are done with: the answer is what the conversation keeps.
      Map<String, List<ToolRound>> rounds = new HashMap<>(toolRounds);
      rounds.remove(event.turnId());
      return new Open(userId, channel, startedAt, lastActivityAt,
          transcript.append(message, Optional.empty()).offered(event.seq(), event.options()).cited(event.seq(), event.citations()),
          notes.withUsage(event.usage()), turns, rounds, handoff, botConfig, placedCall);
    }

    /** The turn is over, its answer (if stored) cut to what was heard; the interruption is the next turn. */
    public Open interruptAnswer(AnswerInterrupted event) {
      List<String> turns = new ArrayList<>(pendingTurns);
      turns.remove(event.turnId());
      Map<String, List<ToolRound>> rounds = new HashMap<>(toolRounds);
      rounds.remove(event.turnId());
      if (event.seq() == 0) {
        return new Open(userId, channel, startedAt, lastActivityAt, transcript, notes, turns, rounds, handoff, botConfig, placedCall);
      }
      return new Open(userId, channel, startedAt, lastActivityAt, transcript.cut(event.seq(), event.heardText()),
          notes.withoutUnheardFacts(event.seq(), event.heardText()), turns, rounds, handoff, botConfig, placedCall);
    }

    /** A system notice: not a turn, and not user activity (it does not delay the idle close). */
    public Open appendNotice(NoticeAppended event) {
      ChatMessage message = new ChatMessage(event.seq(), Role.SYSTEM, event.text(), "notice-" + event.noticeId(), event.at());
      return new Open(userId, channel, startedAt, lastActivityAt,
          transcript.append(message, Optional.of(noticeKey(event.noticeId()))), notes, pendingTurns, toolRounds, handoff,
          botConfig, placedCall);
    }

    /** A person is asked for: the turns not answered yet never will be by the model. */
    public Open requestAgent(AgentRequested event) {
      return new Open(userId, channel, startedAt, lastActivityAt, transcript, notes, List.of(), Map.of(),
          handoff.requested(event.trigger(), event.at()), botConfig, placedCall);
    }

    public Open agentJoined(AgentJoined event) {
      return new Open(userId, channel, startedAt, event.at(), transcript, notes, List.of(), Map.of(),
          handoff.takenBy(event.agentId(), event.agentName(), event.at()), botConfig, placedCall);
    }

    /** An agent's message: activity, like a customer's (it delays the idle close), but never a turn. */
    public Open appendAgent(AgentMessageAppended event) {
      ChatMessage message = ChatMessage.byAgent(event.seq(), event.agentName(), event.text(), event.at(),
          event.translation());
      return new Open(userId, channel, startedAt, event.at(),
          transcript.append(message, Optional.of(agentKey(event.clientMsgId()))),
          notes.withShared(event.seq(), event.attachments()), pendingTurns, toolRounds, handoff, botConfig, placedCall);
    }

    /**
     * The bot answers again. When no person came, the customer's last message is still unanswered,
     * and becomes the bot's turn, unless it is the one that asked for the person: the notice of
     * what happened instead (a ticket) answers that, and a bot answering it again would contradict it.
     */
    public Open returnToBot(ReturnedToBot event) {
      List<String> turns = new ArrayList<>(pendingTurns);
      if (!event.reason().equals(HANDED_BACK)) {
        transcript.messages().stream().filter(m -> m.role() == Role.USER).reduce((first, second) -> second)
            .filter(last -> transcript.answerOf(last.turnId()).isEmpty() && !turns.contains(last.turnId()))
            .filter(last -> !handoff.askedByMessageAt(last.at()))
            .ifPresent(last -> turns.add(last.turnId()));
      }
      return new Open(userId, channel, startedAt, event.at(), transcript, notes, turns, toolRounds, Handoff.bot(), botConfig, placedCall);
    }

    public Open requestTools(ToolCallsRequested event) {
      Map<String, List<ToolRound>> rounds = new HashMap<>(toolRounds);
      List<ToolRound> turn = new ArrayList<>(rounds.getOrDefault(event.turnId(), List.of()));
      turn.add(ToolRound.requested(event.calls()));
      rounds.put(event.turnId(), turn);
      return new Open(userId, channel, startedAt, lastActivityAt, transcript,
          notes.withToolCallsRequested(event.turnId(), event.calls(), event.at()), pendingTurns, rounds, handoff, botConfig, placedCall);
    }

    public Open completeTool(ToolCallCompleted event) {
      List<ToolRound> turn = new ArrayList<>(toolRounds.getOrDefault(event.turnId(), List.of()));
      if (turn.isEmpty()) return this;
      turn.set(turn.size() - 1, turn.get(turn.size() - 1).withResult(event.result()));
      Map<String, List<ToolRound>> rounds = new HashMap<>(toolRounds);
      rounds.put(event.turnId(), turn);
      ConversationNotes noted = notes.withToolCall(event.turnId(), event.result().id(),
          call -> call.result().isPresent() ? call : call.completed(event.result(), event.at()));
      return new Open(userId, channel, startedAt, lastActivityAt, transcript, noted, pendingTurns, rounds, handoff, botConfig, placedCall);
    }

    public Open requestApproval(SessionEvent.ApprovalRequested event) {
      Open open = ProcedureApprovalRounds.withStep(toolRounds, notes, event).map(step -> new Open(userId, channel, startedAt,
          lastActivityAt, transcript, step.notes(), pendingTurns, step.rounds(), handoff, botConfig, placedCall)).orElse(this);
      return open.withNotes(open.notes().withToolCall(event.turnId(), event.approval().callId(),
          call -> call.approval().isPresent() ? call : call.asked(event.approval(), event.at())))
          .withLastRound(event.turnId(), round -> round.withApproval(event.approval()));
    }

    public Open decideApproval(SessionEvent.ApprovalDecided event) {
      List<ToolRound> turn = toolRoundsOf(event.turnId());
      Optional<String> callId = turn.isEmpty() ? Optional.empty() : turn.get(turn.size() - 1).approvals().stream()
          .filter(a -> a.approvalId().equals(event.approvalId()) && a.pending()).map(ToolRound.Approval::callId).findFirst();
      Open noted = callId.map(call -> withNotes(notes.withToolCall(event.turnId(), call,
          note -> note.decided(event.decision())))).orElse(this);
      return noted.withLastRound(event.turnId(), round -> round.withDecision(event.approvalId(), event.decision(),
          event.answers()));
    }

    private Open withLastRound(String turnId, UnaryOperator<ToolRound> change) {
      List<ToolRound> turn = new ArrayList<>(toolRounds.getOrDefault(turnId, List.of()));
      if (turn.isEmpty()) return this;
      turn.set(turn.size() - 1, change.apply(turn.get(turn.size() - 1)));
      Map<String, List<ToolRound>> rounds = new HashMap<>(toolRounds);
      rounds.put(turnId, turn);
      return new Open(userId, channel, startedAt, lastActivityAt, transcript, notes, pendingTurns, rounds, handoff, botConfig, placedCall);
    }

    /** The approvals nobody decided yet, each with the turn (or procedure run) it holds up. */
    public List<PendingApproval> pendingApprovals() {
      return toolRounds.entrySet().stream()
          .filter(turn -> ProcedureApprovalRounds.holdsUp(pendingTurns, notes, turn.getKey()) && !turn.getValue().isEmpty())
          .flatMap(turn -> turn.getValue().get(turn.getValue().size() - 1).pendingApprovals().stream()
              .map(approval -> new PendingApproval(turn.getKey(), approval)))
          .toList();
    }

    /** Whether {@code turnId} waits for an approval before it can go on. */
    public boolean awaitsApproval(String turnId) {
      return pendingApprovals().stream().anyMatch(pending -> pending.turnId().equals(turnId));
    }

    public List<ToolRound> toolRoundsOf(String turnId) {
      return toolRounds.getOrDefault(turnId, List.of());
    }

    /** A procedure's step noted ({@code noted}); the turn {@code taken} is the model's no more. */
    public Open procedureStep(ConversationNotes noted, Optional<String> taken) {
      List<String> turns = pendingTurns.stream().filter(turnId -> taken.filter(turnId::equals).isEmpty()).toList();
      return new Open(userId, channel, startedAt, lastActivityAt, transcript, noted, turns, toolRounds, handoff, botConfig, placedCall);
    }

    public Open pinFact(FactPinned event) {
      return withNotes(notes.withFact(new PinnedFact(event.name(), event.value(), event.sourceSeq(), event.at()),
          event.supersedes()));
    }

    /** A transfer of the call, blind or warm, as its event records it. */
    public Open recordTransfer(CallTransfer transfer) {
      return withNotes(notes.withTransfer(transfer));
    }

    public Open scoreLead(LeadScored event) {
      return withNotes(notes.withLead(event.score()));
    }

    public Open setPage(PageContextSet event) {
      return withNotes(notes.withPage(event.context()));
    }

    /** The texts the customer reads: in the conversation's language, in the tenant's own wording. */
    public Wording wording() {
      return Wording.of(notes.language().map(ConversationLanguage::tag), botConfig().map(PinnedBotConfig::config));
    }

    public Open decideLanguage(SessionEvent.LanguageDecided event) {
      return withNotes(notes.withLanguage(event.decided()));
    }

    public Open rate(Rated event) {
      return withNotes(notes.withRating(event.rating()));
    }

    public Open leaveContact(SessionEvent.ContactLeft event) {
      return withNotes(notes.withContact(new CustomerContact(event.email(), event.transcript(), event.at())));
    }

    public Open addAttachment(SessionEvent.AttachmentAdded event) {
      return withNotes(notes.withAttachment(event.attachment()));
    }

    public Open updateSummary(SummaryUpdated event) {
      return withNotes(notes.withSummary(event.text(), new SeqRange(event.fromSeq(), event.toSeq()), event.source(),
          event.at()));
    }

    @Override
    public SessionInfo info(SessionId id) {
      return new SessionInfo(id.wireId(), id.tenant(), userId, channel, SessionStatus.OPEN, transcript.lastSeq(), startedAt,
          handoff, botConfig, notes.lead().map(LeadScore::score).orElse(0), languageTag(notes));
    }

    @Override
    public SessionView view(SessionId id) {
      return new SessionView(info(id), KeypadRedaction.of(transcript.messages()), notes, Optional.empty(), Optional.empty(),
          Optional.empty(), botConfig.map(PinnedBotConfig::version), transcript.optionsBySeq(), transcript.citationsBySeq());
    }

    public Closed close(SessionClosed event) {
      return new Closed(userId, channel, startedAt, transcript, notes, event.at(), event.reason(), Optional.empty(), false,
          botConfig);
    }

    private Open withNotes(ConversationNotes updated) {
      return new Open(userId, channel, startedAt, lastActivityAt, transcript, updated, pendingTurns, toolRounds, handoff,
          botConfig, placedCall);
    }

    /**
     * The user message the next turn answers, if any is waiting: the oldest unanswered one whose
     * turn does not wait for an approval. A turn parked on an approval holds up no later message:
     * the customer who writes meanwhile is answered, and the parked turn goes on once decided.
     */
    public Optional<ChatMessage> nextTurn() {
      return pendingTurns.stream().filter(turnId -> !awaitsApproval(turnId)).findFirst().flatMap(transcript::questionOf);
    }
  }

  /**
   * Closed: the transcript is final; repeated requests are answered, new messages refused. The
   * close is complete once the transcript is {@code archive}d and, for a known user, the session
   * is in long-term memory ({@code memoryRecorded}); until then the entity keeps trying.
   */
  record Closed(
      Optional<String> userId,
      Channel channel,
      Instant startedAt,
      Transcript transcript,
      ConversationNotes notes,
      Instant closedAt,
      String reason,
      Optional<ArchiveRecord> archive,
      boolean memoryRecorded,
      Optional<PinnedBotConfig> botConfig)
      implements SessionState {
    public Closed {
      channel = channel == null ? Channel.CHAT : channel;
      botConfig = botConfig == null ? Optional.empty() : botConfig;
    }

    public Closed archived(SessionArchived event) {
      return new Closed(userId, channel, startedAt, transcript, notes, closedAt, reason,
          Optional.of(new ArchiveRecord(event.key(), event.sha256(), event.bytes(), event.location(), event.at())),
          memoryRecorded, botConfig);
    }

    /** A rating after the close: the archive document is written again with it. */
    public Closed rate(Rated event) {
      return new Closed(userId, channel, startedAt, transcript, notes.withRating(event.rating()), closedAt, reason,
          Optional.empty(), memoryRecorded, botConfig);
    }

    /** A staff member's reply to the conversation's ticket after the close: the archive is written again with it. */
    public Closed appendAgent(AgentMessageAppended event) {
      ChatMessage message = ChatMessage.byAgent(event.seq(), event.agentName(), event.text(), event.at(),
          event.translation());
      return new Closed(userId, channel, startedAt, transcript.append(message, Optional.of(agentKey(event.clientMsgId()))),
          notes.withShared(event.seq(), event.attachments()), closedAt, reason, Optional.empty(), memoryRecorded,
          botConfig);
    }

    public Closed recordMemory(MemoryRecorded event) {
      return new Closed(userId, channel, startedAt, transcript, notes, closedAt, reason, archive, true, botConfig);
    }

    @Override
    public SessionInfo info(SessionId id) {
      return new SessionInfo(id.wireId(), id.tenant(), userId, channel,
          archive.isEmpty() ? SessionStatus.CLOSED : SessionStatus.ARCHIVED, transcript.lastSeq(), startedAt, Handoff.bot(),
          botConfig, notes.lead().map(LeadScore::score).orElse(0), languageTag(notes));
    }

    @Override
    public SessionView view(SessionId id) {
      return new SessionView(info(id), KeypadRedaction.of(transcript.messages()), notes, Optional.of(closedAt), Optional.of(reason),
          archive, botConfig.map(PinnedBotConfig::version), transcript.optionsBySeq(), transcript.citationsBySeq());
    }

    /** An evaluation's session is no customer's conversation: its run keeps what it needs of it, no archive does. */
    public boolean needsArchive() {
      return archive.isEmpty() && channel != Channel.EVALUATION;
    }

    /** An evaluation's signed-in user is made up for the test: nothing of it goes to the user's memory. */
    public boolean needsMemory() {
      return userId.isPresent() && !memoryRecorded && channel != Channel.EVALUATION;
    }
  }
}
