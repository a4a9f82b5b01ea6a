package io.parley.http.edge;

import io.parley.core.session.Refusal;
import io.parley.sessions.entity.SessionCommand;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.util.Timeout;
import scala.reflect.ClassTag$;
import scala.util.Try;

/**
 * An edge's requests to its sessions (a chat socket's messages, an agent's replies), asked from
 * inside the edge's own actor as {@code SessionFollower} follows: the edge hands each of the
 * requests' {@link Signal}s to {@link #onSignal}, which returns what a request's final answer
 * means to the edge, once per request.
 *
 * <p>A request without a reply after {@link #ATTEMPT} is sent again, and again, until the ask's
 * timeout: while a crashed node's session moves, a request sent to its old home is lost, and
 * asking again finds the new one a moment after the move rather than after the whole timeout.
 * Every attempt waits for its reply until that deadline, and the first reply of any answers the
 * request: a session slow to take the first one (it was replaying) answers it first, before it
 * publishes what follows, whereas a repeat queued behind it is answered later. So only a request
 * the session takes more than once alike may be asked here: a message on its {@code clientMsgId},
 * a close, a take-over, a read.
 *
 * <p>The first attempt goes where the edge says (the incarnation that answered its join, while it
 * lives: two hops fewer than through the shard region and the shard); an attempt sent again goes
 * through sharding, which finds the session wherever it is now.
 *
 * <p>An edge that {@link #holding holds} updates keeps those it receives while a request waits
 * ({@link #hold}) and takes them back after the reply ({@link #release}): a message's ack comes
 * before the answer to its turn, whichever attempt was answered.
 *
 * @param <T> the edge actor's command type, which carries the requests' {@link Signal}s
 * @param <R> what a request's answer, or its refusal, means to the edge
 */
public final class SessionRequests<T, R> {
  /** How long one attempt of a request may go unanswered before it is sent again. */
  private static final Duration ATTEMPT = Duration.ofMillis(500);

  /** The requests' own messages (an attempt's timer, a reply), carried by a command of the edge's. */
  public sealed interface Signal {}

  /** Request {@code request} has had no reply for an attempt's time: send it again if it still has none. */
  private record AskAgain(long request) implements Signal {}

  /** Request {@code request} has its session's reply. */
  private record Answered(long request, Object reply) implements Signal {}

  /** Request {@code request} is refused, or its last attempt failed. */
  private record Refused(long request, Refusal refusal) implements Signal {}

  /** The edge's actor as the requests use it: its context (to ask), its timers, and how its commands carry a {@link Signal}. */
  public record Edge<T>(ActorContext<T> context, TimerScheduler<T> timers, Function<Signal, T> signals) {}

  /** One request under way: how to send it again, and what its reply or its refusal means. */
  private record Pending<R>(Runnable askAgain, Function<Object, R> onReply, Function<Refusal, R> onRefusal) {}

  private final Edge<T> edge;
  private final Duration askTimeout;
  private final Optional<StashBuffer<T>> held;
  private final Map<Long, Pending<R>> pending = new HashMap<>();
  // Numbers the requests: a reply to one already answered (a repeated attempt's) is stale.
  private long requests;

  private SessionRequests(Edge<T> edge, Duration askTimeout, Optional<StashBuffer<T>> held) {
    this.edge = edge;
    this.askTimeout = askTimeout;
    this.held = held;
  }

  /** Requests whose answers come as they come, beside whatever else the edge receives. */
  public static <T, R> SessionRequests<T, R> create(Edge<T> edge, Duration askTimeout) {
    return new SessionRequests<>(edge, askTimeout, Optional.empty());
  }

  /** Requests whose answers come before the updates the edge {@linkplain #hold holds} in {@code held} while they wait. */
  public static <T, R> SessionRequests<T, R> holding(Edge<T> edge, Duration askTimeout, StashBuffer<T> held) {
    return new SessionRequests<>(edge, askTimeout, Optional.of(held));
  }

  /**
   * Asks {@code first}, then {@code again} (the session's sharding address) for each attempt after
   * it; the reply becomes {@code onReply}'s answer, a failure after the last attempt
   * {@code onRefusal}'s.
   */
  public <A> void ask(RecipientRef<SessionCommand> first, RecipientRef<SessionCommand> again, Class<A> type,
      Function<ActorRef<StatusReply<A>>, SessionCommand> request, Function<A, R> onReply,
      Function<Refusal, R> onRefusal) {
    long number = ++requests;
    long deadline = System.nanoTime() + askTimeout.toNanos();
    pending.put(number, new Pending<>(() -> attempt(number, again, type, request, deadline),
        reply -> onReply.apply(type.cast(reply)), onRefusal));
    attempt(number, first, type, request, deadline);
  }

  /** A request waits for its answer. */
  public boolean awaiting() {
    return !pending.isEmpty();
  }

  /**
   * What the edge should act on for one of the requests' signals: a request's answer, once (a
   * repeated attempt's reply is nothing).
   */
  public Optional<R> onSignal(Signal signal) {
    if (signal instanceof AskAgain again) {
      Pending<R> waiting = pending.get(again.request());
      if (waiting != null) waiting.askAgain().run();
      return Optional.empty();
    }
    if (signal instanceof Answered answered) {
      return settled(answered.request()).map(request -> request.onReply().apply(answered.reply()));
    }
    Refused refused = (Refused) signal;
    return settled(refused.request()).map(request -> request.onRefusal().apply(refused.refusal()));
  }

  /** The request numbered {@code number}, no longer under way; empty if it was not. */
  private Optional<Pending<R>> settled(long number) {
    edge.timers().cancel(new AskAgain(number));
    return Optional.ofNullable(pending.remove(number));
  }

  /** Holds {@code update} until the request under way is answered; false when as many wait as the buffer takes. */
  public boolean hold(T update) {
    StashBuffer<T> buffer = held.orElseThrow(() -> new IllegalStateException("these requests hold nothing"));
    if (buffer.isFull()) return false;
    buffer.stash(update);
    return true;
  }

  /** After an answer: what was held while it came, through {@code next}; {@code same} when nothing was. */
  public Behavior<T> release(Behavior<T> next) {
    return held.filter(buffer -> !buffer.isEmpty()).map(buffer -> buffer.unstashAll(next))
        .orElseGet(Behaviors::same);
  }

  /**
   * Through the Scala API of the context, whose reply is mapped in the edge's actor: the Java API
   * turns the reply into a {@code CompletionStage} that runs its stages on the JDK's common pool,
   * which on two cores starts a new thread per message.
   */
  private <A> void attempt(long number, RecipientRef<SessionCommand> target, Class<A> type,
      Function<ActorRef<StatusReply<A>>, SessionCommand> request, long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      edge.context().getSelf().tell(edge.signals().apply(
          new Refused(number, Refusals.of(new TimeoutException("no attempt answered"), "the session"))));
      return;
    }
    edge.context().asScala().askWithStatus(target, request::apply, (Try<A> reply) -> {
      if (reply.isSuccess()) return edge.signals().apply(new Answered(number, reply.get()));
      Throwable failure = reply.failed().get();
      // An incarnation that stopped before the edge's watch told it fails the ask at once: ask sharding.
      if (failure instanceof TimeoutException && System.nanoTime() < deadline) {
        return edge.signals().apply(new AskAgain(number));
      }
      return edge.signals().apply(new Refused(number, Refusals.of(failure, "the session")));
    }, Timeout.create(Duration.ofNanos(left)), ClassTag$.MODULE$.apply(type));
    if (left > ATTEMPT.toNanos()) {
      edge.timers().startSingleTimer(new AskAgain(number), edge.signals().apply(new AskAgain(number)), ATTEMPT);
    }
  }
}
