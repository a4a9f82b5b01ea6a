package io.parley.sessions.entity;

import static io.parley.sessions.entity.CommandRoutes.NO_REPLY;
import static io.parley.sessions.entity.CommandRoutes.REFUSAL;

import io.parley.core.attachment.Attachment;
import io.parley.core.session.Rating;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionView;
import io.parley.sessions.entity.InternalCommand.AgentApprovalsRefresh;
import io.parley.sessions.entity.InternalCommand.AgentWaitOver;
import io.parley.sessions.entity.InternalCommand.ApprovalExpired;
import io.parley.sessions.entity.InternalCommand.ArchiveWritten;
import io.parley.sessions.entity.InternalCommand.BotConfigHeard;
import io.parley.sessions.entity.InternalCommand.HoldExpired;
import io.parley.sessions.entity.InternalCommand.IdleCheck;
import io.parley.sessions.entity.InternalCommand.IdleCloseDue;
import io.parley.sessions.entity.InternalCommand.MemoryWritten;
import io.parley.sessions.entity.InternalCommand.NewDataKeyMade;
import io.parley.sessions.entity.InternalCommand.ProcedureDue;
import io.parley.sessions.entity.InternalCommand.ProcedureModelDone;
import io.parley.sessions.entity.InternalCommand.ProcedureStepDecided;
import io.parley.sessions.entity.InternalCommand.QueuePlaceHeard;
import io.parley.sessions.entity.InternalCommand.RecordApproval;
import io.parley.sessions.entity.InternalCommand.RecordToolCalls;
import io.parley.sessions.entity.InternalCommand.RecordToolResult;
import io.parley.sessions.entity.InternalCommand.Sleep;
import io.parley.sessions.entity.InternalCommand.Stop;
import io.parley.sessions.entity.InternalCommand.SubscriberGone;
import io.parley.sessions.entity.InternalCommand.SummaryFailed;
import io.parley.sessions.entity.InternalCommand.SummaryWritten;
import io.parley.sessions.entity.InternalCommand.TenantBudgetHeard;
import io.parley.sessions.entity.InternalCommand.TranslationSpent;
import io.parley.sessions.entity.InternalCommand.TurnAnswered;
import io.parley.sessions.entity.InternalCommand.TurnAwaitsApproval;
import io.parley.sessions.entity.InternalCommand.TurnDelta;
import io.parley.sessions.entity.InternalCommand.TurnRunnerStopped;
import io.parley.sessions.entity.InternalCommand.TurnStoppedUnanswered;
import io.parley.sessions.entity.InternalCommand.UnstaffedTicketHeard;
import io.parley.sessions.entity.InternalCommand.UsageRecorded;
import io.parley.sessions.entity.SessionCommand.Accepted;
import io.parley.sessions.entity.SessionCommand.AddAttachment;
import io.parley.sessions.entity.SessionCommand.Answer;
import io.parley.sessions.entity.SessionCommand.AwaitAnswer;
import io.parley.sessions.entity.SessionCommand.Close;
import io.parley.sessions.entity.SessionCommand.Closing;
import io.parley.sessions.entity.SessionCommand.Composing;
import io.parley.sessions.entity.SessionCommand.ContactCard;
import io.parley.sessions.entity.SessionCommand.ContactNoted;
import io.parley.sessions.entity.SessionCommand.DecideApproval;
import io.parley.sessions.entity.SessionCommand.GetView;
import io.parley.sessions.entity.SessionCommand.HandBack;
import io.parley.sessions.entity.SessionCommand.HoldAnswer;
import io.parley.sessions.entity.SessionCommand.InterruptAnswer;
import io.parley.sessions.entity.SessionCommand.Interrupted;
import io.parley.sessions.entity.SessionCommand.LeaveContact;
import io.parley.sessions.entity.SessionCommand.PostAgentMessage;
import io.parley.sessions.entity.SessionCommand.PostGreeting;
import io.parley.sessions.entity.SessionCommand.PostNotice;
import io.parley.sessions.entity.SessionCommand.PostTicketReply;
import io.parley.sessions.entity.SessionCommand.PostUserMessage;
import io.parley.sessions.entity.SessionCommand.Rate;
import io.parley.sessions.entity.SessionCommand.ReadContact;
import io.parley.sessions.entity.SessionCommand.RecordPlayed;
import io.parley.sessions.entity.SessionCommand.KeyTaken;
import io.parley.sessions.entity.SessionCommand.PressKey;
import io.parley.sessions.entity.SessionCommand.NoteRecordingConsent;
import io.parley.sessions.entity.SessionCommand.RecordTransfer;
import io.parley.sessions.entity.SessionCommand.RecordWarmTransfer;
import io.parley.sessions.entity.SessionCommand.RequestAgent;
import io.parley.sessions.entity.SessionCommand.SetPageContext;
import io.parley.sessions.entity.SessionCommand.Start;
import io.parley.sessions.entity.SessionCommand.Subscribe;
import io.parley.sessions.entity.SessionCommand.SuggestReply;
import io.parley.sessions.entity.SessionCommand.Suggestion;
import io.parley.sessions.entity.SessionCommand.TakeOver;
import io.parley.sessions.entity.SessionCommand.TranslateCustomer;
import io.parley.sessions.entity.SessionCommand.TranslateReply;
import io.parley.sessions.entity.SessionCommand.WordReply;
import io.parley.sessions.entity.SessionCommand.WordedReply;
import io.parley.sessions.entity.SessionCommand.Translated;
import io.parley.sessions.entity.SessionCommand.Unsubscribe;
import io.parley.sessions.entity.SessionEvent.AgentJoined;
import io.parley.sessions.entity.SessionEvent.AgentMessageAppended;
import io.parley.sessions.entity.SessionEvent.AgentRequested;
import io.parley.sessions.entity.SessionEvent.AnswerInterrupted;
import io.parley.sessions.entity.SessionEvent.ApprovalDecided;
import io.parley.sessions.entity.SessionEvent.ApprovalRequested;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionEvent.AttachmentAdded;
import io.parley.sessions.entity.SessionEvent.CallTransferred;
import io.parley.sessions.entity.SessionEvent.WarmTransferEnded;
import io.parley.sessions.entity.SessionEvent.KeysPressed;
import io.parley.sessions.entity.SessionEvent.RecordingConsentNoted;
import io.parley.sessions.entity.SessionEvent.ContactLeft;
import io.parley.sessions.entity.SessionEvent.ContentErased;
import io.parley.sessions.entity.SessionEvent.FactPinned;
import io.parley.sessions.entity.SessionEvent.LanguageDecided;
import io.parley.sessions.entity.SessionEvent.LeadScored;
import io.parley.sessions.entity.SessionEvent.MemoryRecorded;
import io.parley.sessions.entity.SessionEvent.NoticeAppended;
import io.parley.sessions.entity.SessionEvent.PageContextSet;
import io.parley.sessions.entity.SessionEvent.PlayedToCaller;
import io.parley.sessions.entity.SessionEvent.ProcedureAsked;
import io.parley.sessions.entity.SessionEvent.ProcedureChecked;
import io.parley.sessions.entity.SessionEvent.ProcedureEnded;
import io.parley.sessions.entity.SessionEvent.ProcedureEvent;
import io.parley.sessions.entity.SessionEvent.ProcedureStarted;
import io.parley.sessions.entity.SessionEvent.ProcedureStepDone;
import io.parley.sessions.entity.SessionEvent.Rated;
import io.parley.sessions.entity.SessionEvent.ReturnedToBot;
import io.parley.sessions.entity.SessionEvent.SessionArchived;
import io.parley.sessions.entity.SessionEvent.SessionClosed;
import io.parley.sessions.entity.SessionEvent.SessionStarted;
import io.parley.sessions.entity.SessionEvent.SummaryUpdated;
import io.parley.sessions.entity.SessionEvent.ToolCallCompleted;
import io.parley.sessions.entity.SessionEvent.ToolCallsRequested;
import io.parley.sessions.entity.SessionEvent.UserMessageAppended;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Erased;
import io.parley.sessions.entity.SessionState.NotStarted;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.approval.ApprovalCommands;
import io.parley.sessions.entity.attachment.AttachmentCommands;
import io.parley.sessions.entity.contact.ContactCommands;
import io.parley.sessions.entity.handoff.HandoffCommands;
import io.parley.sessions.entity.phase.CloseCommands;
import io.parley.sessions.entity.phase.ClosedCommands;
import io.parley.sessions.entity.phase.CustomerFeedbackCommands;
import io.parley.sessions.entity.phase.ErasedCommands;
import io.parley.sessions.entity.phase.LateCommands;
import io.parley.sessions.entity.phase.NotStartedCommands;
import io.parley.sessions.entity.phase.OpenCommands;
import io.parley.sessions.entity.phase.RestCommands;
import io.parley.sessions.entity.phase.StartedCommands;
import io.parley.sessions.entity.procedure.ProcedureCommands;
import io.parley.sessions.entity.procedure.ProcedureFold;
import io.parley.sessions.entity.turns.TranslationCommands;
import io.parley.sessions.entity.turns.TurnCommands;
import io.parley.sessions.entity.voice.CallAudioCommands;
import io.parley.sessions.entity.voice.KeypadCommands;
import io.parley.sessions.entity.voice.TransferCommands;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;

/**
 * The session's protocol on one page: per phase of a session, each command, the handler that
 * answers it, the events it may persist and what it replies; then each event and the fold that
 * applies it. This table is what routes: {@link ChatSession} answers every command through it, the
 * events a route persists are checked against it as they are written ({@link SessionEffects}), and
 * {@code ProtocolTableTest} fails when a command or an event is missing from it or a reply is
 * not the command's. A command with no route in a phase is answered by the late route for any
 * phase ({@link #late}).
 */
final class SessionProtocol {
  private SessionProtocol() {}

  static final CommandRoutes<SessionHandlers> COMMANDS = commands();
  static final FoldTable EVENTS = events();

  private static CommandRoutes<SessionHandlers> commands() {
    CommandRoutes.Builder<SessionHandlers> table = CommandRoutes.<SessionHandlers>builder()
        .beforeAnswer((handlers, declared) -> handlers.effects().answering(declared.persists()));
    notStarted(table);
    started(table);
    open(table);
    openTurns(table);
    openHandoff(table);
    openRooms(table);
    closed(table);
    erased(table);
    anyState(table);
    late(table);
    return table.build();
  }

  private static void notStarted(CommandRoutes.Builder<SessionHandlers> table) {
    table.inState(NotStarted.class).by(SessionHandlers::notStarted)
        .on(Start.class, NotStartedCommands::onStart,
            persists(SessionStarted.class, AssistantMessageAppended.class, LanguageDecided.class), SessionInfo.class)
        .on(BotConfigHeard.class, NotStartedCommands::onBotConfigHeard, none(), NO_REPLY)
        .on(NewDataKeyMade.class, NotStartedCommands::onNewDataKeyMade, none(), NO_REPLY)
        .on(Subscribe.class, NotStartedCommands::onSubscribe, none(), NO_REPLY)
        .refusingAsks(NotStartedCommands::notFound);
  }

  /** What an open and a closed session answer alike: they read it, and persist nothing. */
  private static void started(CommandRoutes.Builder<SessionHandlers> table) {
    for (Class<? extends SessionState> started : List.of(Open.class, Closed.class)) {
      table.inState(started).by(SessionHandlers::started)
          .on(Start.class, StartedCommands::onStart, none(), SessionInfo.class)
          .on(Subscribe.class, StartedCommands::onSubscribe, none(), NO_REPLY)
          .on(AwaitAnswer.class, StartedCommands::onAwaitAnswer, none(), Answer.class)
          .on(GetView.class, StartedCommands::onGetView, none(), SessionView.class);
      table.inState(started).by(SessionHandlers::callAudio)
          .on(RecordPlayed.class, CallAudioCommands::onRecordPlayed, persists(PlayedToCaller.class), Done.class);
      table.inState(started).by(SessionHandlers::contacts)
          .on(ReadContact.class, ContactCommands::read, none(), ContactCard.class)
          .on(PostTicketReply.class, ContactCommands::onTicketReply, persists(AgentMessageAppended.class), Accepted.class);
      table.inState(started).by(SessionHandlers::translations)
          .on(WordReply.class, TranslationCommands::onWordReply, none(), WordedReply.class);
    }
  }

  private static void open(CommandRoutes.Builder<SessionHandlers> table) {
    table.inState(Open.class).by(SessionHandlers::open)
        .on(PostUserMessage.class, OpenCommands::onUserMessage, persists(UserMessageAppended.class, FactPinned.class,
            LanguageDecided.class, LeadScored.class, AgentRequested.class), Accepted.class)
        .on(TenantBudgetHeard.class, OpenCommands::onTenantBudgetHeard, none(), NO_REPLY)
        .on(UsageRecorded.class, OpenCommands::onUsageRecorded, none(), NO_REPLY)
        .on(PostNotice.class, OpenCommands::onPostNotice, persists(NoticeAppended.class), Accepted.class)
        .on(PostGreeting.class, OpenCommands::onPostGreeting, persists(AssistantMessageAppended.class), Accepted.class)
        .on(SummaryWritten.class, (h, open, cmd) -> h.onSummaryWritten(open, cmd.report()),
            persists(SummaryUpdated.class), NO_REPLY)
        .on(SummaryFailed.class, (h, open, cmd) -> h.onSummaryFailed(open, cmd.report()), none(), NO_REPLY);
    table.inState(Open.class).by(SessionHandlers::close)
        .on(Close.class, CloseCommands::onClose, persists(ProcedureEnded.class, SessionClosed.class), Closing.class)
        .on(IdleCloseDue.class, CloseCommands::onIdleCloseDue, persists(ProcedureEnded.class, SessionClosed.class),
            NO_REPLY);
    table.inState(Open.class).by(SessionHandlers::feedback)
        .on(SetPageContext.class, CustomerFeedbackCommands::onSetPageContext,
            persists(PageContextSet.class, LanguageDecided.class), Done.class)
        .on(Rate.class, CustomerFeedbackCommands::onRateOpen, persists(Rated.class), Rating.class);
  }

  /** An open session's turns: the runner's reports, barge-in, and the model's tool calls. */
  private static void openTurns(CommandRoutes.Builder<SessionHandlers> table) {
    var answer = persists(AssistantMessageAppended.class, FactPinned.class);
    table.inState(Open.class).by(SessionHandlers::turns)
        .on(TurnDelta.class, (h, open, cmd) -> h.onTurnDelta(open, cmd.report()), none(), NO_REPLY)
        .on(TurnAnswered.class, (h, open, cmd) -> h.onTurnAnswered(open, cmd.report()), answer, NO_REPLY)
        .on(TurnRunnerStopped.class, TurnCommands::onTurnRunnerStopped, answer, NO_REPLY)
        .on(TurnStoppedUnanswered.class, (h, open, cmd) -> h.onTurnStoppedUnanswered(open, cmd.report()), none(),
            NO_REPLY)
        .on(InterruptAnswer.class, TurnCommands::onInterruptAnswer,
            persists(AssistantMessageAppended.class, FactPinned.class, AnswerInterrupted.class), Interrupted.class)
        .on(HoldAnswer.class, TurnCommands::onHoldAnswer, none(), NO_REPLY)
        .on(HoldExpired.class, TurnCommands::onHoldExpired,
            persists(AssistantMessageAppended.class, FactPinned.class, AnswerInterrupted.class), NO_REPLY)
        .on(RecordToolCalls.class, (h, open, cmd) -> h.onRecordToolCalls(open, cmd.report()),
            persists(ProcedureStarted.class, ToolCallsRequested.class), Done.class)
        .on(RecordToolResult.class, (h, open, cmd) -> h.onRecordToolResult(open, cmd.report()),
            persists(ToolCallCompleted.class, AgentRequested.class), Done.class);
    table.inState(Open.class).by(SessionHandlers::translations)
        .on(TranslateCustomer.class, TranslationCommands::onTranslateCustomer, none(), Translated.class)
        .on(TranslateReply.class, TranslationCommands::onTranslateReply, none(), Translated.class);
    table.inState(Open.class).by(SessionHandlers::approvals)
        .on(RecordApproval.class, (h, open, cmd) -> h.onApprovalNeeded(open, cmd.report()),
            persists(ApprovalRequested.class), Done.class)
        .on(TurnAwaitsApproval.class, (h, open, cmd) -> h.onTurnAwaits(open, cmd.report()), none(), NO_REPLY)
        .on(DecideApproval.class, ApprovalCommands::onDecide, persists(ApprovalDecided.class), Done.class)
        .on(ApprovalExpired.class, ApprovalCommands::onExpired, persists(ApprovalDecided.class), NO_REPLY)
        .on(AgentApprovalsRefresh.class, (h, open, cmd) -> h.onRefresh(open), none(), NO_REPLY);
  }

  /** A person in an open conversation: asked for, queued, taken over, handed back. */
  private static void openHandoff(CommandRoutes.Builder<SessionHandlers> table) {
    var backToBot = persists(ReturnedToBot.class, NoticeAppended.class);
    table.inState(Open.class).by(SessionHandlers::handoffs)
        .on(RequestAgent.class, HandoffCommands::onRequestAgent, persists(AgentRequested.class), SessionInfo.class)
        .on(QueuePlaceHeard.class, HandoffCommands::onQueuePlaceHeard, persists(NoticeAppended.class), NO_REPLY)
        .on(AgentWaitOver.class, HandoffCommands::onAgentWaitOver, none(), NO_REPLY)
        .on(UnstaffedTicketHeard.class, HandoffCommands::onUnstaffedTicketHeard, backToBot, NO_REPLY)
        .on(TakeOver.class, HandoffCommands::onTakeOver, persists(AgentJoined.class, NoticeAppended.class),
            SessionInfo.class)
        .on(PostAgentMessage.class, HandoffCommands::onAgentMessage, persists(AgentMessageAppended.class), Accepted.class)
        .on(HandBack.class, HandoffCommands::onHandBack, backToBot, SessionInfo.class)
        .on(Composing.class, HandoffCommands::onComposing, none(), NO_REPLY)
        .on(SuggestReply.class, HandoffCommands::onSuggestReply, none(), Suggestion.class);
    table.inState(Open.class).by(SessionHandlers::transfers)
        .on(RecordTransfer.class, TransferCommands::onRecordTransfer,
            persists(CallTransferred.class, NoticeAppended.class), Done.class)
        .on(RecordWarmTransfer.class, TransferCommands::onRecordWarmTransfer,
            persists(WarmTransferEnded.class, NoticeAppended.class), Done.class);
    table.inState(Open.class).by(SessionHandlers::keypad)
        .on(PressKey.class, KeypadCommands::onPressKey, persists(KeysPressed.class), KeyTaken.class);
    table.inState(Open.class).by(SessionHandlers::callAudio)
        .on(NoteRecordingConsent.class, CallAudioCommands::onNoteRecordingConsent, persists(RecordingConsentNoted.class),
            Done.class);
  }

  /** An open conversation's procedures, attachments and what the customer leaves for a reply. */
  private static void openRooms(CommandRoutes.Builder<SessionHandlers> table) {
    var step = persists(ProcedureChecked.class, ProcedureAsked.class, ProcedureStepDone.class, ProcedureEnded.class,
        AssistantMessageAppended.class, AgentRequested.class, ApprovalRequested.class, ToolCallCompleted.class);
    table.inState(Open.class).by(SessionHandlers::procedures)
        .on(ProcedureDue.class, ProcedureCommands::onProcedureDue, step, NO_REPLY)
        .on(ProcedureModelDone.class, ProcedureCommands::onModelDone, step, NO_REPLY)
        .on(ProcedureStepDecided.class, ProcedureCommands::onStepDecided, step, NO_REPLY);
    table.inState(Open.class).by(SessionHandlers::attachments)
        .on(AddAttachment.class, AttachmentCommands::onAddAttachment, persists(AttachmentAdded.class), Attachment.class);
    table.inState(Open.class).by(SessionHandlers::contacts)
        .on(LeaveContact.class, ContactCommands::onLeaveContact, persists(ContactLeft.class, NoticeAppended.class),
            ContactNoted.class);
  }

  private static void closed(CommandRoutes.Builder<SessionHandlers> table) {
    table.inState(Closed.class).by(SessionHandlers::closed)
        .on(PostUserMessage.class, ClosedCommands::onUserMessage, none(), Accepted.class)
        .on(Close.class, ClosedCommands::onClose, none(), Closing.class)
        .on(ArchiveWritten.class, ClosedCommands::onArchiveWritten, persists(SessionArchived.class), NO_REPLY)
        .on(MemoryWritten.class, ClosedCommands::onMemoryWritten, persists(MemoryRecorded.class), NO_REPLY);
    table.inState(Closed.class).by(SessionHandlers::feedback)
        .on(Rate.class, CustomerFeedbackCommands::onRateClosed, persists(Rated.class), Rating.class);
    // A turn the close stopped: its tokens were spent all the same.
    table.inState(Closed.class).by(SessionHandlers::turns)
        .on(TurnStoppedUnanswered.class, (h, closed, cmd) -> h.onTurnStoppedAfterClose(closed, cmd.report()), none(),
            NO_REPLY);
  }

  private static void erased(CommandRoutes.Builder<SessionHandlers> table) {
    table.inState(Erased.class).by(SessionHandlers::erased)
        .on(Start.class, (h, erased, cmd) -> h.erased(cmd.replyTo()), none(), REFUSAL)
        .on(Subscribe.class, ErasedCommands::onSubscribe, none(), NO_REPLY)
        .refusingAsks(ErasedCommands::erased);
  }

  /** Followers leaving, rest, and what is heard after the close, in any phase without a route of its own. */
  private static void anyState(CommandRoutes.Builder<SessionHandlers> table) {
    table.inAnyState().by(SessionHandlers::started)
        .on(Unsubscribe.class, StartedCommands::onUnsubscribe, none(), NO_REPLY)
        .on(SubscriberGone.class, StartedCommands::onSubscriberGone, none(), NO_REPLY);
    table.inAnyState().by(SessionHandlers::rest)
        .on(IdleCheck.class, RestCommands::onIdleCheck, none(), NO_REPLY)
        .on(Sleep.class, RestCommands::onSleep, none(), NO_REPLY);
    // A usage report's answer after the close: nothing waits for the budget any more.
    table.inAnyState().by(SessionHandlers::open)
        .on(UsageRecorded.class, OpenCommands::onUsageRecordedLate, none(), NO_REPLY);
    table.inAnyState().by(SessionHandlers::translations)
        .on(TranslationSpent.class, TranslationCommands::onSpent, none(), NO_REPLY);
  }

  /**
   * What comes too late or in a phase it is not for: answers to what an earlier phase asked and
   * timers of a phase that is over are dropped, requests that need an open session refused, a
   * closed session's runner's last tool records acknowledged, and sharding's stop stops it.
   */
  private static void late(CommandRoutes.Builder<SessionHandlers> table) {
    var late = table.inAnyState().by(SessionHandlers::late);
    for (Class<? extends SessionInput> dropped : List.of(TurnDelta.class, TurnAnswered.class, TurnRunnerStopped.class,
        TurnStoppedUnanswered.class, HoldAnswer.class, HoldExpired.class, SummaryWritten.class, SummaryFailed.class,
        IdleCloseDue.class, ArchiveWritten.class, MemoryWritten.class, NewDataKeyMade.class, BotConfigHeard.class,
        TenantBudgetHeard.class, QueuePlaceHeard.class, AgentWaitOver.class, UnstaffedTicketHeard.class,
        Composing.class, TurnAwaitsApproval.class, ApprovalExpired.class, AgentApprovalsRefresh.class,
        ProcedureDue.class, ProcedureModelDone.class, ProcedureStepDecided.class)) {
      late.on(dropped, LateCommands::drop, none(), NO_REPLY);
    }
    late.on(PostNotice.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(PostGreeting.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(InterruptAnswer.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(RequestAgent.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(TakeOver.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(SuggestReply.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(TranslateCustomer.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(TranslateReply.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(WordReply.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(PostAgentMessage.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(HandBack.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(RecordTransfer.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(RecordWarmTransfer.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(PressKey.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(NoteRecordingConsent.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(RecordPlayed.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(SetPageContext.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(AddAttachment.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        // What a customer leaves for a reply, and staff replies to tickets, need the conversation
        // (closed, for a reply): a session never started or erased has none.
        .on(LeaveContact.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(ReadContact.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(PostTicketReply.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        .on(DecideApproval.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()), none(), REFUSAL)
        // A closed session's runner is stopping; its last tool records are not needed.
        .on(RecordToolCalls.class, (h, state, cmd) -> h.done(cmd.report().replyTo()), none(), Done.class)
        .on(RecordToolResult.class, (h, state, cmd) -> h.done(cmd.report().replyTo()), none(), Done.class)
        .on(RecordApproval.class, (h, state, cmd) -> h.done(cmd.report().replyTo()), none(), Done.class)
        .on(Stop.class, LateCommands::onStop, none(), NO_REPLY);
  }

  /** Each event and the fold that applies it, per phase; the transitions are the state's own. */
  private static FoldTable events() {
    FoldTable.Builder folds = FoldTable.builder();
    // First: an unreadable event (the seal writes none, it reads one) erases whatever was recovered before it.
    folds.anyState().on(ContentErased.class, (state, event) -> new Erased());
    folds.erased();
    folds.inState(NotStarted.class).on(SessionStarted.class, NotStarted::start);
    folds.inState(Open.class)
        .on(UserMessageAppended.class, Open::appendUser)
        .on(AssistantMessageAppended.class, Open::appendAssistant)
        .on(AnswerInterrupted.class, Open::interruptAnswer)
        .on(NoticeAppended.class, Open::appendNotice)
        .on(FactPinned.class, Open::pinFact)
        .on(ToolCallsRequested.class, Open::requestTools)
        .on(ToolCallCompleted.class, Open::completeTool)
        .on(ApprovalRequested.class, Open::requestApproval)
        .on(ApprovalDecided.class, Open::decideApproval)
        .on(SummaryUpdated.class, Open::updateSummary)
        .on(LeadScored.class, Open::scoreLead)
        .on(PageContextSet.class, Open::setPage)
        .on(LanguageDecided.class, Open::decideLanguage)
        .on(Rated.class, Open::rate)
        .on(ContactLeft.class, Open::leaveContact)
        .on(AttachmentAdded.class, Open::addAttachment)
        .on(CallTransferred.class, (open, transferred) -> open.recordTransfer(transferred.transfer()))
        .on(WarmTransferEnded.class, (open, ended) -> open.recordTransfer(ended.transfer()))
        .on(KeysPressed.class, Open::pressKeys)
        .on(PlayedToCaller.class, (open, played) -> open)
        .on(RecordingConsentNoted.class, (open, noted) -> open)
        .on(ProcedureEvent.class, ProcedureFold::apply)
        .on(AgentRequested.class, Open::requestAgent)
        .on(AgentJoined.class, Open::agentJoined)
        .on(AgentMessageAppended.class, Open::appendAgent)
        .on(ReturnedToBot.class, Open::returnToBot)
        .on(SessionClosed.class, Open::close);
    folds.inState(Closed.class)
        .on(SessionArchived.class, Closed::archived)
        .on(MemoryRecorded.class, Closed::recordMemory)
        .on(Rated.class, Closed::rate)
        .on(AgentMessageAppended.class, Closed::appendAgent)
        .on(PlayedToCaller.class, (closed, played) -> closed);
    return folds.build();
  }

  private static Set<Class<? extends SessionEvent>> none() {
    return Set.of();
  }

  @SafeVarargs
  private static Set<Class<? extends SessionEvent>> persists(Class<? extends SessionEvent>... events) {
    return Set.of(events);
  }
}
