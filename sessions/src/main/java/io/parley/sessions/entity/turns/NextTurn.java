package io.parley.sessions.entity.turns;

import io.parley.core.bot.ToolApproval;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.privacy.Placeholders;
import io.parley.core.prompt.ConversationTokenCounts;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.PendingApproval;
import io.parley.sessions.entity.attachment.TurnFiles;
import io.parley.sessions.turn.ToolRound;
import io.parley.sessions.turn.TurnRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The session's next turn: a runner for the oldest unanswered user message, started whenever
 * something that may let it run became durable (a message, an answer, an approval decided, the bot
 * answering again), unless a turn runs already. Every handler that makes such a change is given this
 * part, not the handler of the turns.
 */
public record NextTurn(SessionScope scope, TurnSlot turn, Subscribers subscribers, TranscriptPlaceholders placeholders) {
  /**
   * Starts a runner for the next unanswered user message whose turn does not wait for an approval of
   * one of its tool calls (docs/tools.md#approvals), unless a turn runs already; while a procedure
   * runs, its next step is due instead.
   */
  public void startIfDue(SessionState state) {
    if (turn.runningTurnId().isPresent() || !(state instanceof Open open)) return;
    if (open.notes().runningProcedure().isPresent()) {
      // A procedure runs: its steps answer the customer, not the model.
      scope.tellSelf(new InternalCommand.ProcedureDue("", "", Optional.empty()));
      return;
    }
    open.nextTurn().ifPresent(userMessage -> {
      turn.start(request(scope.id(), open, userMessage, placeholders.of(open.transcript(), open.botConfig()),
          turn.tokenCounts(), turn.takeTrace(userMessage.turnId())));
      subscribers.publish(new SessionUpdate.Typing(userMessage.turnId(), open.info(scope.id()).leadScore()));
    });
  }

  /**
   * The turn answering {@code question}: its conversation in turn order, less what the summary
   * covers; {@code placeholders}, those of the personal data the whole session mentioned (or off);
   * {@code counts}, the session's token counts, which remember what earlier turns counted;
   * {@code traceparent}, the trace the turn continues. A voice call's greeting answers nothing, so
   * the first question after it still opens the conversation and gets the first answer.
   */
  public static TurnRequest request(SessionId id, Open open, ChatMessage question, Placeholders placeholders,
      ConversationTokenCounts counts, Optional<String> traceparent) {
    ConversationNotes notes = open.notes();
    List<ChatMessage> conversation = open.transcript().conversationUpTo(question);
    long summarized = notes.summarizedThroughSeq();
    return new TurnRequest(id, question.turnId(),
        withParkedApprovals(conversation.stream().filter(m -> m.seq() > summarized).toList(), open.pendingApprovals()),
        open.userId(), notes.summaryText(),
        summarized, notes.pinnedFacts(), notes.page(), notes.language().map(ConversationLanguage::tag), conversation.stream().noneMatch(NextTurn::answers),
        conversation.stream().filter(m -> !isGreeting(m)).count() == 1,
        open.toolRoundsOf(question.turnId()), placeholders, counts,
        open.botConfig(), traceparent, TurnFiles.of(open, question), open.channel(), open.placedCall());
  }

  /**
   * The history with a line for the model after each earlier question whose tool call waits for an
   * approval: that question has no answer yet, and the model must neither answer it as if it had
   * none nor ask for the same call again; it may say that the call waits, and for whom.
   */
  static List<ChatMessage> withParkedApprovals(List<ChatMessage> history, List<PendingApproval> pending) {
    if (pending.isEmpty()) return history;
    List<ChatMessage> noted = new ArrayList<>();
    for (ChatMessage message : history) {
      noted.add(message);
      if (message.role() != Role.USER) continue;
      pending.stream().filter(parked -> parked.turnId().equals(message.turnId())).forEach(parked ->
          noted.add(new ChatMessage(message.seq(), Role.SYSTEM, parkedNote(parked.approval()),
              "approval-" + parked.approval().approvalId(), message.at())));
    }
    return noted;
  }

  private static String parkedNote(ToolRound.Approval approval) {
    String who = approval.approver() == ToolApproval.CUSTOMER
        ? "the customer's approval (the customer sees a card to confirm or cancel it)"
        : "a team member's approval";
    return "Not answered yet: for the message above, the tool call " + approval.tool() + " waits for " + who
        + " and has not run: " + approval.summary() + ". Do not call it again; it runs once approved, and"
        + " that message is answered then.";
  }

  private static boolean isGreeting(ChatMessage message) {
    return message.source().filter(source -> source == AnswerSource.GREETING).isPresent();
  }

  private static boolean answers(ChatMessage message) {
    return message.role() == Role.ASSISTANT && !isGreeting(message);
  }
}
