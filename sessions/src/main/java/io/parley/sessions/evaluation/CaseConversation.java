package io.parley.sessions.evaluation;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.evaluation.CustomerScript;
import io.parley.core.evaluation.EvaluationCase;
import io.parley.core.handoff.HandoffStatus;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.SessionView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * A case's conversation, played as a real session on channel {@code evaluation} through the
 * sessions' edge commands, as a customer's client plays one: started on the configuration under
 * test, on the case's page and as its signed-in user, each customer message answered by a real turn
 * (model, tools, knowledge base). The run follows the session as a client does, to see the tools
 * the model calls and a handoff; the customer stops writing once a person is asked for. Blocking:
 * runs on the run's own (virtual) threads.
 */
record CaseConversation(ChatSessions sessions, ActorSystem<?> system, Duration askTimeout, Duration answerTimeout) {
  /** What the conversation left: the session, the tools the model called, and whether a person was asked for. */
  record Played(SessionId id, SessionView view, List<SessionUpdate.ToolActivity> toolCalls, boolean handoff,
      long customerTokens) {}

  /** Writes the simulated customer's next message, from the conversation so far on the configuration {@code pinned}. */
  interface SimulatedCustomer {
    StructuredModel.Reply<CustomerTurn> next(CustomerScript.Simulated script, List<ChatMessage> conversation,
        Optional<PinnedBotConfig> pinned);
  }

  /** The conversation could not be played: the case is an error, for {@code reason}. */
  static final class Failed extends RuntimeException {
    final long customerTokens;

    Failed(String reason, long customerTokens) {
      super(reason);
      this.customerTokens = customerTokens;
    }
  }

  private static final int RATE_LIMIT_RETRIES = 30;

  Played play(String tenant, ConfigUnderTest config, EvaluationCase testCase, SimulatedCustomer customer) {
    SessionId id = SessionId.random(tenant);
    List<SessionUpdate.ToolActivity> tools = new CopyOnWriteArrayList<>();
    AtomicBoolean handedOff = new AtomicBoolean();
    ActorRef<Object> follower = system.systemActorOf(Behaviors.receiveMessage(update -> {
      if (update instanceof SessionUpdate.ToolActivity tool && tool.status().equals(SessionUpdate.ToolActivity.STARTED)) {
        tools.add(tool);
      } else if (update instanceof SessionUpdate.HandoffChanged changed && changed.handoff().status() != HandoffStatus.BOT) {
        handedOff.set(true);
      } else if (update instanceof Stop) {
        return Behaviors.stopped();
      }
      return Behaviors.same();
    }), "evaluation-" + id.wireId(), Props.empty());
    long customerTokens = 0;
    try {
      SessionInfo started = this.<SessionInfo>ask(id, replyTo -> new SessionCommand.Start(testCase.userId(), Channel.EVALUATION, config.draft(),
          true, config.pinnedVersion(), replyTo), askTimeout);
      testCase.page().ifPresent(page -> this.<Done>ask(id, replyTo -> new SessionCommand.SetPageContext(page, replyTo), askTimeout));
      sessions.entity(id).tell(new SessionCommand.Subscribe(0, follower.narrow(), Optional.empty()));
      List<ChatMessage> conversation = new ArrayList<>();
      int turn = 0;
      while (!handedOff.get()) {
        String text;
        if (testCase.customer() instanceof CustomerScript.Scripted scripted) {
          if (turn >= scripted.messages().size()) break;
          text = scripted.messages().get(turn);
        } else {
          CustomerScript.Simulated simulated = (CustomerScript.Simulated) testCase.customer();
          if (turn >= simulated.maxTurns()) break;
          StructuredModel.Reply<CustomerTurn> next = customer.next(simulated, conversation, started.botConfig());
          customerTokens += next.tokens();
          if (next instanceof StructuredModel.Reply.Broken<CustomerTurn> broken) {
            throw new Failed("the simulated customer: " + broken.reason(), customerTokens);
          }
          CustomerTurn said = ((StructuredModel.Reply.Answered<CustomerTurn>) next).value();
          if (said.ends()) break;
          text = said.message();
        }
        conversation.add(new ChatMessage(0, Role.USER, text, "", Instant.EPOCH));
        Optional<ChatMessage> answer = say(id, "evaluation-" + turn, text, handedOff);
        answer.ifPresent(conversation::add);
        turn++;
      }
      SessionView view = ask(id, SessionCommand.GetView::new, askTimeout);
      return new Played(id, view, List.copyOf(tools), handedOff.get() || view.info().handoff().status() != HandoffStatus.BOT,
          customerTokens);
    } catch (Failed failed) {
      throw failed;
    } catch (RuntimeException e) {
      throw new Failed(reason(e), customerTokens);
    } finally {
      sessions.entity(id).tell(new SessionCommand.Unsubscribe(follower.narrow()));
      follower.tell(new Stop());
      sessions.entity(id).tell(new SessionCommand.Close("evaluation finished", system.ignoreRef()));
    }
  }

  private record Stop() {}

  /**
   * Sends a customer message and waits for the bot's answer; none when a person was asked for
   * meanwhile (the bot stops answering). A rate-limited message waits as long as it is told, and is
   * sent again: a long script outpaces the customer's message rate.
   */
  private Optional<ChatMessage> say(SessionId id, String clientMsgId, String text, AtomicBoolean handedOff) {
    SessionCommand.Accepted accepted = null;
    for (int attempt = 0; accepted == null; attempt++) {
      try {
        accepted = ask(id, replyTo -> new SessionCommand.PostUserMessage(clientMsgId, text, replyTo), askTimeout);
      } catch (CompletionException e) {
        Optional<Long> wait = e.getCause() instanceof Refusal refusal && refusal.code() == ErrorCode.RATE_LIMITED
            && attempt < RATE_LIMIT_RETRIES ? refusal.retryAfterMs() : Optional.empty();
        if (wait.isEmpty()) throw e;
        sleep(Math.max(100, wait.get()));
      }
    }
    String turnId = accepted.turnId();
    try {
      return Optional.of(this.<SessionCommand.Answer>ask(id, replyTo -> new SessionCommand.AwaitAnswer(turnId, replyTo),
          answerTimeout).message());
    } catch (CompletionException e) {
      if (handedOff.get() || askedForAPerson(id, handedOff)) return Optional.empty();
      throw e;
    }
  }

  /**
   * Whether the session has asked for a person, as its view says: a message that asks for one
   * leaves no turn to await, and the refusal may come back before the follower hears of the handoff.
   */
  private boolean askedForAPerson(SessionId id, AtomicBoolean handedOff) {
    SessionView view = ask(id, SessionCommand.GetView::new, askTimeout);
    if (view.info().handoff().status() != HandoffStatus.BOT) handedOff.set(true);
    return handedOff.get();
  }

  private <T> T ask(SessionId id, Function<ActorRef<StatusReply<T>>, SessionCommand> command, Duration timeout) {
    CompletionStage<T> reply = sessions.entity(id).askWithStatus(command::apply, timeout);
    return reply.toCompletableFuture().join();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failed("interrupted", 0);
    }
  }

  private static String reason(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof Refusal refusal ? "the session refused: " + refusal.code().wireName() + ": " + refusal.getMessage()
        : "the session failed: " + cause;
  }
}
