package io.parley.http.a2a;

import io.parley.core.bot.ToolApproval;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Caller;
import io.parley.core.language.Assent;
import io.parley.core.language.LanguagePack;
import io.parley.core.release.MemberReleases;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.MessageRules;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.SessionUpdate.ApprovalChanged;
import io.parley.sessions.SessionView;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.SessionCommand;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * An A2A context as a Parley conversation: a message without a context starts a session on channel {@code a2a},
 * one with a context continues the session it names, if that session is the caller's. The message is posted as the
 * customer's, and the turn's answer awaited, as {@code POST /v1/sessions/{id}/messages} does.
 */
public final class A2aConversation {
  /** A message stored in its session: the context (the session's id) and the turn (the A2A task) it started. */
  record Posted(SessionId session, String turnId) {
    String contextId() {
      return session.wireId();
    }
  }

  /**
   * A turn followed: the pieces of its answer as they stream ({@code Delta}s), then what ended them: the turn's end,
   * or a tool call waiting for the customer's approval ({@code ApprovalChanged}, pending). {@code askedAgain}: the
   * customer's words answered that approval neither yes nor no, so it is asked once more.
   */
  record Followed(Posted posted, Source<SessionUpdate, NotUsed> updates, boolean askedAgain) {}

  /** What the model is told when the customer's words refused the approval. */
  static final String REFUSED_IN_WORDS = "The customer said no.";
  /** Updates held for a slow client before the oldest are dropped: the whole answer ends the stream anyway. */
  private static final int FOLLOWED_UPDATES = 256;
  /** The first release that reads channel {@code a2a}, in commands between nodes and in the journal. */
  static final int A2A_RELEASE = 1;

  private final ChatSessions sessions;
  private final MessageRules rules;
  private final Duration askTimeout;
  private final Duration answerTimeout;
  /** The releases the cluster's members run: a node of an earlier one cannot read a session on channel {@code a2a}. */
  private final Supplier<MemberReleases> members;
  private final Executor replies;

  public A2aConversation(ChatSessions sessions, MessageRules rules, Duration askTimeout, Duration answerTimeout,
      Executor replies, Supplier<MemberReleases> members) {
    this.sessions = sessions;
    this.rules = rules;
    this.askTimeout = askTimeout;
    this.answerTimeout = answerTimeout;
    this.replies = replies;
    this.members = members;
  }

  /**
   * Stores {@code send} and follows its turn from before it; a message answering a task (its {@code taskId}) answers
   * the approval that turn waits for instead, and follows the turn on. Fails with a {@link Refusal} the endpoint turns
   * into an error.
   */
  CompletionStage<Followed> follow(Caller caller, A2aRequest.Send send, Materializer materializer) {
    if (send.taskId().isPresent()) return answerApproval(caller, send, send.taskId().get(), materializer);
    String text = rules.text(send.text());
    return session(caller, send.contextId()).thenComposeAsync(info -> {
      SessionId id = SessionId.of(caller.tenant(), info.sessionId());
      Source<SessionUpdate, NotUsed> updates = subscribe(id, info.lastSeq(), materializer);
      return post(id, send, text).thenApply(posted ->
          new Followed(posted, turn(updates, posted.turnId(), Optional.empty()), false));
    }, replies);
  }

  /**
   * The customer's answer to the approval the turn {@code turnId} waits for: a data part's decision, or their words
   * (yes or no in the conversation's language; neither asks again). A turn that waits for no approval of the
   * customer's is refused: its task takes no input.
   */
  private CompletionStage<Followed> answerApproval(Caller caller, A2aRequest.Send send, String turnId,
      Materializer materializer) {
    return session(caller, send.contextId()).thenComposeAsync(info -> {
      SessionId id = SessionId.of(caller.tenant(), info.sessionId());
      // Joining replays the approvals the session waits for; the turn's answer (or its absence) says it waits for none.
      CompletionStage<Optional<SessionUpdate>> asked = subscribe(id, info.lastSeq(), materializer)
          .filter(update -> asksCustomer(update, turnId, Optional.empty()))
          .takeWithin(askTimeout)
          .runWith(Sink.headOption(), materializer);
      CompletionStage<Optional<SessionUpdate>> answered = sessions.entity(id).<SessionCommand.Answer>askWithStatus(
          replyTo -> new SessionCommand.AwaitAnswer(turnId, replyTo), answerTimeout)
          .handle((answer, failure) -> Optional.empty());
      return asked.applyToEither(answered, waiting -> waiting.map(ApprovalChanged.class::cast).orElseThrow(() ->
              Refusal.of(ErrorCode.BAD_REQUEST, "task " + turnId + " is not waiting for input")))
          .thenComposeAsync(approval -> decide(id, info.lastSeq(), approval, send, materializer), replies);
    }, replies);
  }

  private CompletionStage<Followed> decide(SessionId id, long afterSeq, ApprovalChanged approval, A2aRequest.Send send,
      Materializer materializer) {
    Posted posted = new Posted(id, approval.turnId());
    Optional<A2aRequest.Decision> decision = send.decision().or(() -> switch (Assent.of(send.text(), words(approval))) {
      case YES -> Optional.of(new A2aRequest.Decision(true, Optional.empty()));
      case NO -> Optional.of(new A2aRequest.Decision(false, Optional.of(REFUSED_IN_WORDS)));
      case UNCLEAR -> Optional.empty();
    });
    if (decision.isEmpty()) {
      return CompletableFuture.completedStage(new Followed(posted, Source.single(approval), true));
    }
    return sessions.entity(id).<Done>askWithStatus(replyTo -> new SessionCommand.DecideApproval(approval.approvalId(),
            decision.get().approved(), decision.get().reason().map(rules::text), ToolApproval.CUSTOMER, Optional.empty(),
            replyTo), askTimeout)
        .thenApply(done -> new Followed(posted,
            turn(subscribe(id, afterSeq, materializer), posted.turnId(), Optional.of(approval.approvalId())), false));
  }

  /** The language pack of the conversation the approval was asked in. */
  static LanguagePack words(ApprovalChanged approval) {
    return LanguagePack.find(approval.language()).orElseGet(LanguagePack::english);
  }

  /** A follower of session {@code id} from after {@code afterSeq}, unsubscribed when its stream ends. */
  private Source<SessionUpdate, NotUsed> subscribe(SessionId id, long afterSeq, Materializer materializer) {
    Pair<ActorRef<SessionUpdate>, Source<SessionUpdate, NotUsed>> follower = ActorSource.<SessionUpdate>actorRef(
        update -> false, update -> Optional.empty(), FOLLOWED_UPDATES, OverflowStrategy.dropHead())
        .preMaterialize(materializer);
    sessions.entity(id).tell(new SessionCommand.Subscribe(afterSeq, follower.first(), Optional.empty()));
    return follower.second()
        // A form (docs/tools.md#forms) is asked over A2A as the approval of its call: declined, or left to expire.
        .map(update -> update instanceof SessionUpdate.FormApprovalChanged form ? form.approval() : update)
        .watchTermination((unused, done) -> done.whenComplete((finished, failure) ->
            sessions.entity(id).tell(new SessionCommand.Unsubscribe(follower.first()))))
        .mapMaterializedValue(unused -> NotUsed.getInstance());
  }

  /**
   * The turn {@code turnId}'s pieces, then the update that ends them: its end, or an approval it waits for (other
   * than {@code decided}, which the customer has just answered).
   */
  private Source<SessionUpdate, NotUsed> turn(Source<SessionUpdate, NotUsed> updates, String turnId,
      Optional<String> decided) {
    return updates
        .filter(update -> update instanceof SessionUpdate.Delta delta ? delta.turnId().equals(turnId)
            : endsTurn(update, turnId) || asksCustomer(update, turnId, decided))
        .takeWhile(update -> update instanceof SessionUpdate.Delta, true)
        .takeWithin(answerTimeout);
  }

  /** Whether {@code update} asks the customer's approval of a call of the turn {@code turnId} (not {@code decided}). */
  private static boolean asksCustomer(SessionUpdate update, String turnId, Optional<String> decided) {
    return update instanceof ApprovalChanged approval && approval.turnId().equals(turnId)
        && approval.status().equals(ApprovalChanged.PENDING) && approval.approver() == ToolApproval.CUSTOMER
        && !decided.equals(Optional.of(approval.approvalId()));
  }

  /**
   * Whether {@code update} comes after the last piece of the turn {@code turnId}: the session sends a
   * turn's pieces, then its message (or its cut, or a person taking over, or the end), in that order.
   */
  private static boolean endsTurn(SessionUpdate update, String turnId) {
    return switch (update) {
      case SessionUpdate.Joined joined -> joined.replay().stream().anyMatch(message -> answers(message, turnId));
      case SessionUpdate.MessageAdded added -> answers(added.message(), turnId);
      case SessionUpdate.OfferingMessageAdded added -> answers(added.message(), turnId);
      case SessionUpdate.CitingMessageAdded added -> answers(added.message(), turnId);
      case SessionUpdate.AnswerCut cut -> cut.turnId().equals(turnId);
      case SessionUpdate.HandoffChanged changed -> true;
      case SessionUpdate.Ended ended -> true;
      case SessionUpdate.Refused refused -> true;
      default -> false;
    };
  }

  /** Whether {@code message} answers the turn {@code turnId}: not the customer's own message, which starts it. */
  private static boolean answers(ChatMessage message, String turnId) {
    return message.role() != Role.USER && message.turnId().equals(turnId);
  }

  private CompletionStage<Posted> post(SessionId id, A2aRequest.Send send, String text) {
    return sessions.entity(id).<SessionCommand.Accepted>askWithStatus(replyTo ->
        new SessionCommand.PostUserMessage(clientMsgId(send.messageId()), text, Optional.empty(), Optional.empty(),
            replyTo, List.of()), askTimeout)
        .thenApply(accepted -> new Posted(id, accepted.turnId()));
  }

  /** The text of the bot's answer to the turn {@code posted} started. */
  CompletionStage<String> answer(Posted posted) {
    return sessions.entity(posted.session()).<SessionCommand.Answer>askWithStatus(replyTo ->
        new SessionCommand.AwaitAnswer(posted.turnId(), replyTo), answerTimeout)
        .thenApplyAsync(answer -> answer.message().text(), replies);
  }

  /** The session the message goes to, with its last message's seq: a new one, or the caller's own that {@code contextId} names. */
  private CompletionStage<SessionInfo> session(Caller caller, Optional<String> contextId) {
    if (contextId.isEmpty()) {
      AccessPolicy.mayStart(caller, Optional.empty()).orRefuse();
      if (!members.get().allReach(A2A_RELEASE)) {
        throw Refusal.of(ErrorCode.UNAVAILABLE, "conversations over A2A start once every node runs release " + A2A_RELEASE
            + " or later (a rolling upgrade is under way): try again once it has finished");
      }
      SessionId id = SessionId.random(caller.tenant());
      return sessions.entity(id).<SessionInfo>askWithStatus(replyTo -> SessionCommand.Start.ofNewId(
          AccessPolicy.ownerOfNewSession(caller, Optional.empty()), Channel.A2A, false, replyTo), askTimeout);
    }
    SessionId id;
    try {
      id = SessionId.of(caller.tenant(), contextId.get());
    } catch (IllegalArgumentException e) {
      throw Refusal.of(ErrorCode.NOT_FOUND, "context " + contextId.get() + " not found");
    }
    return sessions.entity(id).<SessionView>askWithStatus(SessionCommand.GetView::new, askTimeout)
        .thenApplyAsync(view -> {
          AccessPolicy.mayUseSession(caller, view.info().userId()).orRefuse();
          return view.info();
        }, replies);
  }

  /** The A2A message's id when Parley takes it as a client message id (a repeated message gets the same answer). */
  private static String clientMsgId(String messageId) {
    try {
      return MessageRules.id("clientMsgId", messageId);
    } catch (Refusal notAnId) {
      return UUID.randomUUID().toString();
    }
  }
}
