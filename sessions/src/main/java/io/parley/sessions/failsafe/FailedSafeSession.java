package io.parley.sessions.failsafe;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.host.SessionRest;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * A failed-safe session's incarnation: it replays nothing and runs no command, and answers every
 * command that expects an answer with {@link #REFUSAL}, a follower (one that subscribes, or one the
 * last incarnation handed over) with the same refusal. It is at
 * rest from the start, so its host puts it to sleep straight away and wakes it again only when a
 * command comes, or after {@link #LOOKED_AT_AGAIN} when none does.
 */
public final class FailedSafeSession {
  /** What the customer and the edges read: short, and nothing of what failed. */
  static final Refusal REFUSAL = Refusal.of(ErrorCode.CONFLICT,
      "this conversation is paused after an error, and our staff were told; please start a new conversation");
  static final Duration LOOKED_AT_AGAIN = Duration.ofDays(1);

  private record Asked(SessionRest.Sleep sleep) {}

  private FailedSafeSession() {}

  /** Whether {@code refusal} is what a failed-safe session answers every command. */
  public static boolean answered(Refusal refusal) {
    return REFUSAL.equals(refusal);
  }

  /** {@code stop}: sharding's stop, which stops it. */
  static Behavior<Object> create(SessionId id, SessionRest.Host host, SessionInput stop, SessionFailures failures,
      Clock clock) {
    return Behaviors.setup(context -> {
      failures.seen(id);
      // Followers the last incarnation handed over hear it too; none is handed back.
      host.followers().forEach(FailedSafeSession::refuse);
      ActorRef<SessionCommand> self = context.getSelf().narrow();
      host.tell(new SessionRest.Resting(self, context.messageAdapter(SessionRest.Sleep.class, Asked::new)));
      return Behaviors.receive(Object.class)
          .onMessage(Asked.class, asked -> {
            host.tell(new SessionRest.Slept(self, Set.of(), clock.instant().plus(LOOKED_AT_AGAIN)));
            return Behaviors.same();
          })
          .onMessageEquals(stop, Behaviors::stopped)
          .onMessage(SessionCommand.class, command -> {
            refuse(command);
            return Behaviors.same();
          })
          .build();
    });
  }

  /**
   * Refuses {@code command}: its {@code replyTo}, when it takes a {@code StatusReply}, hears
   * {@link #REFUSAL}; a subscriber hears it as {@link SessionUpdate.Refused}. What expects no
   * answer (typing, a follower leaving) is dropped.
   */
  static void refuse(SessionCommand command) {
    if (command instanceof SessionCommand.Subscribe subscribe) {
      refuse(subscribe.subscriber());
      return;
    }
    for (RecordComponent component : command.getClass().getRecordComponents()) {
      if (component.getName().equals("replyTo") && takesStatusReplies(component.getGenericType())) {
        replyTo(command, component).tell(StatusReply.error(REFUSAL));
      }
    }
  }

  private static void refuse(ActorRef<SessionUpdate> follower) {
    follower.tell(new SessionUpdate.Refused(REFUSAL.code(), REFUSAL.getMessage()));
  }

  private static boolean takesStatusReplies(Type type) {
    return type instanceof ParameterizedType actorRef && actorRef.getRawType() == ActorRef.class
        && actorRef.getActualTypeArguments()[0] instanceof ParameterizedType reply
        && reply.getRawType() == StatusReply.class;
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<StatusReply<Object>> replyTo(SessionCommand command, RecordComponent component) {
    try {
      return (ActorRef<StatusReply<Object>>) component.getAccessor().invoke(command);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the reply address of " + command.getClass().getSimpleName() + " is unreadable", e);
    }
  }
}
