package io.parley.sessions.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.CborSerializable;
import io.parley.core.attachment.Attachment;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.citation.Citation;
import io.parley.core.handoff.CallTransfer;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.LanguageTag;
import io.parley.core.lead.LeadScore;
import io.parley.core.llm.TokenUsage;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.release.ReleaseGate;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.Heard;
import io.parley.core.session.KeypadEntry;
import io.parley.core.session.PageContext;
import io.parley.core.session.Rating;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.Translation;
import io.parley.sessions.turn.ToolRound;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a chat session persists. Internal: the wire frames, the REST view and the archive
 * document are translated from the state these build, never these records themselves. Until
 * 0.1 they were nested in {@code ChatSession}; journals written then are read through
 * {@code EarlierNames}.
 */
public sealed interface SessionEvent extends CborSerializable {
  /**
   * The event types a recent release introduced, with the release that first reads them: a
   * command that would write one is refused as unavailable while a member of an older release is
   * up (docs/cluster.md, "Upgrading").
   */
  ReleaseGate INTRODUCED = new ReleaseGate(Map.of(ContactLeft.class, 1, AttachmentAdded.class, 1, ProcedureStarted.class, 1,
      ProcedureStepDone.class, 1, ProcedureChecked.class, 1, ProcedureAsked.class, 1, ProcedureEnded.class, 1,
      KeysPressed.class, 1, RecordingConsentNoted.class, 1, WarmTransferEnded.class, 1));

  /**
   * The session began on {@code channel} (journals from before channels existed read as {@code chat}),
   * with its tenant's bot configuration of the moment, which it keeps (absent: the node's settings);
   * {@code placedCall}: it is a call the bot placed (absent, false, in journals from before).
   */
  record SessionStarted(String tenant, Optional<String> userId, Channel channel, Instant at,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<PinnedBotConfig> botConfig,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean placedCall) implements SessionEvent {
    public SessionStarted {
      channel = channel == null ? Channel.CHAT : channel;
      botConfig = botConfig == null ? Optional.empty() : botConfig;
    }

    public SessionStarted(String tenant, Optional<String> userId, Channel channel, Instant at,
        Optional<PinnedBotConfig> botConfig) {
      this(tenant, userId, channel, at, botConfig, false);
    }

    public SessionStarted(String tenant, Optional<String> userId, Channel channel, Instant at) {
      this(tenant, userId, channel, at, Optional.empty());
    }
  }

  /**
   * A user message; {@code heard} (absent for typed ones and in journals before voice) when it was
   * spoken; {@code attachments} the ids of the session's files it carries (absent without any).
   */
  record UserMessageAppended(long seq, String clientMsgId, String text, String turnId, Instant at,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Heard> heard,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> attachments)
      implements SessionEvent {
    public UserMessageAppended {
      heard = heard == null ? Optional.empty() : heard;
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public UserMessageAppended(long seq, String clientMsgId, String text, String turnId, Instant at,
        Optional<Heard> heard) {
      this(seq, clientMsgId, text, turnId, at, heard, List.of());
    }

    public UserMessageAppended(long seq, String clientMsgId, String text, String turnId, Instant at) {
      this(seq, clientMsgId, text, turnId, at, Optional.empty());
    }
  }

  /**
   * An answer; {@code interrupted} when the customer spoke over it and only the heard part is kept;
   * {@code savedTokens}, for an answer from the answer cache, what the model's answer it reuses had
   * cost (0 otherwise, and in journals written before it was recorded); {@code options}, the replies
   * it offers the customer to tap (the greeting's, the model's, a procedure's), none in journals
   * written before they existed; {@code translation}, a procedure's text as written, when the text
   * sent is the model's translation of it into the conversation's language; {@code citations}, the
   * help articles the answer was built on and cites, none in journals written before they existed.
   */
  record AssistantMessageAppended(
      long seq, String turnId, String text, AnswerSource source, Optional<TokenUsage> usage, Instant at,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean interrupted,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) int savedTokens,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ReplyOption> options,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Translation> translation,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Citation> citations)
      implements SessionEvent {
    public AssistantMessageAppended {
      options = options == null ? List.of() : List.copyOf(options);
      translation = translation == null ? Optional.empty() : translation;
      citations = citations == null ? List.of() : List.copyOf(citations);
    }

    public AssistantMessageAppended(long seq, String turnId, String text, AnswerSource source,
        Optional<TokenUsage> usage, Instant at, boolean interrupted, int savedTokens, List<ReplyOption> options,
        Optional<Translation> translation) {
      this(seq, turnId, text, source, usage, at, interrupted, savedTokens, options, translation, List.of());
    }

    public AssistantMessageAppended(long seq, String turnId, String text, AnswerSource source,
        Optional<TokenUsage> usage, Instant at, boolean interrupted, int savedTokens, List<ReplyOption> options) {
      this(seq, turnId, text, source, usage, at, interrupted, savedTokens, options, Optional.empty());
    }

    public AssistantMessageAppended(
        long seq, String turnId, String text, AnswerSource source, Optional<TokenUsage> usage, Instant at) {
      this(seq, turnId, text, source, usage, at, false, 0);
    }

    public AssistantMessageAppended(long seq, String turnId, String text, AnswerSource source,
        Optional<TokenUsage> usage, Instant at, boolean interrupted) {
      this(seq, turnId, text, source, usage, at, interrupted, 0);
    }

    public AssistantMessageAppended(long seq, String turnId, String text, AnswerSource source,
        Optional<TokenUsage> usage, Instant at, boolean interrupted, int savedTokens) {
      this(seq, turnId, text, source, usage, at, interrupted, savedTokens, List.of());
    }
  }

  /**
   * The customer spoke over the answer of {@code turnId}: its stored answer (at {@code seq}) is cut
   * to {@code heardText}, or withdrawn when nothing was heard; with {@code seq} 0 the turn was not
   * answered yet and now never will be. Either way it is no longer waiting for an answer.
   */
  record AnswerInterrupted(String turnId, long seq, String heardText, Instant at) implements SessionEvent {}

  /**
   * A voice call played {@code millis} of the audio of {@code turnId} to the caller: an answer or the
   * greeting, an agent's message or a notice read out, a line said before a transfer. For audio cut
   * short (a barge-in, a hang-up) only what played before the cut; nothing when none of it played.
   */
  record PlayedToCaller(String turnId, long millis, Instant at) implements SessionEvent {}

  record SessionClosed(String reason, Instant at) implements SessionEvent {}

  /** A system notice for the user, turn id {@code notice-<noticeId>}. */
  record NoticeAppended(long seq, String noticeId, String text, Instant at) implements SessionEvent {}

  /** A person was asked for ({@code trigger}): the model stays silent until the bot answers again. */
  record AgentRequested(HandoffTrigger trigger, Instant at) implements SessionEvent {}

  /** {@code agentId} took the conversation over; the customer sees {@code agentName}. */
  record AgentJoined(String agentId, String agentName, Instant at) implements SessionEvent {}

  /**
   * An agent's message to the customer, idempotent on the agent's {@code clientMsgId}; with a
   * {@code translation}, {@code text} is the model's translation of what the agent wrote, which the
   * translation keeps with its language (absent for messages sent as written, and in journals before);
   * {@code attachments} the ids of the session's files it carries (absent without any).
   */
  record AgentMessageAppended(long seq, String clientMsgId, String agentId, String agentName, String text, Instant at,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Translation> translation,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> attachments) implements SessionEvent {
    public AgentMessageAppended {
      translation = translation == null ? Optional.empty() : translation;
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public AgentMessageAppended(long seq, String clientMsgId, String agentId, String agentName, String text, Instant at) {
      this(seq, clientMsgId, agentId, agentName, text, at, Optional.empty(), List.of());
    }
  }

  /**
   * The bot answers again: the agent handed back ({@code handed_back}), or no agent came
   * ({@code no_agent_online}, {@code no_agent_in_time}).
   */
  record ReturnedToBot(String reason, Instant at) implements SessionEvent {}

  /**
   * A phone caller's keys (DTMF), one entry as the ask waiting for it gathered them ({@code keys},
   * its terminator left out), received by {@code method} ({@code rfc4733}, {@code sip_info},
   * {@code inband}): the customer's message at {@code seq}, written as {@link KeypadEntry} writes it,
   * personal data unless the ask says otherwise ({@code personal}).
   */
  record KeysPressed(long seq, String keys, String method, boolean personal, String turnId, Instant at)
      implements SessionEvent {
    /** The customer's message these keys are. */
    public UserMessageAppended message() {
      return new UserMessageAppended(seq, "keys-" + seq, KeypadEntry.written(keys, personal), turnId, at);
    }
  }

  /**
   * The call's recording and the caller's consent to it (docs/voice.md#recording): {@code announced}
   * (told it is recorded), {@code asked}, {@code given} (said yes: recorded from then on) or
   * {@code refused} (said no: not recorded).
   */
  record RecordingConsentNoted(String consent, Instant at) implements SessionEvent {
    public static final String ANNOUNCED = "announced";
    public static final String ASKED = "asked";
    public static final String GIVEN = "given";
    public static final String REFUSED = "refused";
  }

  /**
   * A phone call's blind transfer to {@code target} ended: {@code transferred} (the call left
   * Parley), or not, {@code outcome} saying why, and the caller stayed.
   */
  record CallTransferred(String target, boolean transferred, String outcome, Instant at) implements SessionEvent {
    public CallTransfer transfer() {
      return new CallTransfer(target, transferred, outcome, at);
    }
  }

  /**
   * A phone call's warm transfer to {@code target} ended: {@code outcome} a
   * {@link io.parley.core.call.WarmTransferOutcome}'s wire name ({@code accepted}: the caller is with
   * the person), the SIP status that decided it if one did, and how long the caller waited on hold.
   */
  record WarmTransferEnded(String target, String outcome,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Integer> sipStatus, long waitedMillis, Instant at)
      implements SessionEvent {
    public WarmTransferEnded {
      sipStatus = sipStatus == null ? Optional.empty() : sipStatus;
    }

    /** As the session's view lists it among the transfers: the outcome, and its status when one decided it. */
    public String described() {
      return sipStatus.map(status -> outcome + " (SIP " + status + ")").orElse(outcome);
    }

    public CallTransfer transfer() {
      return new CallTransfer(target, outcome.equals("accepted"), described(), at);
    }
  }

  /** A fact the conversation established; {@code supersedes} is the value of the same kind it replaces. */
  record FactPinned(String name, String value, long sourceSeq, Optional<String> supersedes, Instant at)
      implements SessionEvent {}

  /** The rolling summary now also covers messages {@code fromSeq..toSeq}; {@code text} is the whole new summary. */
  record SummaryUpdated(String text, long fromSeq, long toSeq, AnswerSource source, Instant at)
      implements SessionEvent {}

  /** The session's lead score after a customer message, when it says something new (core.lead). */
  record LeadScored(LeadScore score) implements SessionEvent {}

  record SessionArchived(String key, String sha256, long bytes, String location, Instant at) implements SessionEvent {}

  /** The closed session's summary and facts are in its user's long-term memory. */
  record MemoryRecorded(Instant at) implements SessionEvent {}

  /** The model asked for these tool calls in a turn; persisted before any of them runs. */
  record ToolCallsRequested(String turnId, List<ToolRound.RequestedCall> calls, Instant at) implements SessionEvent {}

  /**
   * What a stored event reads as once the session's data key is gone (erasure): never persisted,
   * only produced by {@link SessionSeal} on recovery, and it leaves the session {@link SessionState.Erased}.
   */
  record ContentErased() implements SessionEvent {}

  /**
   * The conversation is held in {@code language} (a BCP 47 tag) from now on, learnt from {@code
   * source}: written at the start, and again when a frame says another language or the customer
   * clearly switches.
   */
  record LanguageDecided(String language, ConversationLanguage.Source source, Instant at) implements SessionEvent {
    public ConversationLanguage decided() {
      return new ConversationLanguage(new LanguageTag(language), source);
    }
  }

  /** The page the customer is on, as the widget's page said ({@code context} frame); the latest wins. */
  record PageContextSet(PageContext context, Instant at) implements SessionEvent {}

  /**
   * The customer rated the conversation: {@code score} 1 to 5 and an optional {@code comment}, at
   * {@code at}; at most one per session, while it was open or within the rating window after its close.
   */
  record Rated(int score, @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> comment, Instant at)
      implements SessionEvent {
    public Rated {
      comment = comment == null ? Optional.empty() : comment;
    }

    Rating rating() {
      return new Rating(score, comment, at);
    }
  }

  /** One requested tool call finished (or failed for good). */
  record ToolCallCompleted(String turnId, ToolRound.CompletedCall result, Instant at) implements SessionEvent {}

  /**
   * A call of {@code turnId}'s last tool round waits for {@code approval} (docs/tools.md#approvals):
   * it runs only once approved, and expires at the approval's {@code expiresAt}. With
   * {@code procedureRun}, the call is the tool step (the approval's {@code callId}) of that procedure
   * run, and {@code turnId} is {@code procedure-<run>} (docs/procedures.md).
   */
  record ApprovalRequested(String turnId, ToolRound.Approval approval, Instant at,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> procedureRun) implements SessionEvent {
    public ApprovalRequested {
      procedureRun = procedureRun == null ? Optional.empty() : procedureRun;
    }

    public ApprovalRequested(String turnId, ToolRound.Approval approval, Instant at) {
      this(turnId, approval, at, Optional.empty());
    }
  }

  /**
   * The approval {@code approvalId} of {@code turnId} was decided: approved, refused, or expired; approved with the
   * customer's {@code answers} when the call's server asked for a form (docs/tools.md#forms), kept here for the call's
   * next run (also after a crash) and never copied into the conversation's notes.
   */
  record ApprovalDecided(String turnId, String approvalId, ToolRound.Decision decision,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<JsonNode> answers) implements SessionEvent {
    public ApprovalDecided {
      answers = answers == null ? Optional.empty() : answers.filter(given -> !given.isNull());
    }

    public ApprovalDecided(String turnId, String approvalId, ToolRound.Decision decision) {
      this(turnId, approvalId, decision, Optional.empty());
    }
  }

  /**
   * The customer left what a reply needs while no person could answer: an {@code email} address
   * (absent: they come back to the conversation for it) and whether they want the transcript with
   * it. Personal data, sealed with the session's data key like every event; the latest wins.
   */
  record ContactLeft(@JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> email, boolean transcript, Instant at)
      implements SessionEvent {
    public ContactLeft {
      email = email == null ? Optional.empty() : email;
    }
  }

  /**
   * A file was added to the conversation (docs/attachments.md): only its reference; the bytes are
   * in the object store, sealed with the session's data key. Messages name it by its id.
   */
  record AttachmentAdded(Attachment attachment) implements SessionEvent {}

  /**
   * A step of a procedure run (docs/procedures.md); the session folds them through the run's step
   * machine with the procedures of its pinned configuration, so a replay stands at the same step.
   */
  sealed interface ProcedureEvent extends SessionEvent {
    String runId();
  }

  /** The model started {@code procedure} in {@code turnId} with {@code inputs} (JSON); the turn is the procedure's now. */
  record ProcedureStarted(String runId, String procedure, String inputs, String turnId, Instant at) implements ProcedureEvent {}

  /**
   * The step {@code step} is done: a tool step's result or an ask's answer is {@code value} (JSON),
   * set as its variable; a say or a sub-procedure's call has none.
   */
  record ProcedureStepDone(String runId, String step, @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> value,
      Instant at) implements ProcedureEvent {
    public ProcedureStepDone {
      value = value == null ? Optional.empty() : value;
    }
  }

  /** The check {@code step} held or not, over the values it {@code seen} (JSON); {@code error} when it could not be evaluated. */
  record ProcedureChecked(String runId, String step, boolean held, String seen,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> error, Instant at) implements ProcedureEvent {
    public ProcedureChecked {
      error = error == null ? Optional.empty() : error;
    }
  }

  /**
   * The ask {@code step} asked the customer, for the {@code attempt}th time, {@code prompt} as the
   * bot's message stored with it says it (its variables filled); journals from before it was kept have none.
   */
  record ProcedureAsked(String runId, String step, int attempt,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> prompt, Instant at) implements ProcedureEvent {
    public ProcedureAsked {
      prompt = prompt == null ? Optional.empty() : prompt;
    }
  }

  /**
   * The run is over as {@code status} at {@code step}: completed (by an {@code end} step, or by the
   * step whose events it shares a batch with, the last one it had to do), handed over (for
   * {@code reason}) or abandoned. Journals from before a last step wrote it complete without one.
   */
  record ProcedureEnded(String runId, String step, ProcedureRun.Status status, String reason, Instant at)
      implements ProcedureEvent {}
}
