package io.parley.sessions.entity;

import io.parley.core.attachment.Attachment;
import io.parley.core.citation.Citation;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ReplyOption;
import io.parley.sessions.SessionUpdate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/** The connections subscribed to one session incarnation: watched, so a dead one is dropped. */
public final class Subscribers {
  private final ActorContext<SessionInput> context;
  private final String sessionId;
  private final Set<ActorRef<SessionUpdate>> refs = new HashSet<>();

  /** {@code followers}: those an earlier incarnation handed over, watched from now on (a dead one is dropped at once). */
  Subscribers(ActorContext<SessionInput> context, String sessionId, Collection<ActorRef<SessionUpdate>> followers) {
    this.context = context;
    this.sessionId = sessionId;
    followers.forEach(this::add);
  }

  /** Who is subscribed now. */
  public Set<ActorRef<SessionUpdate>> refs() {
    return Set.copyOf(refs);
  }

  public void add(ActorRef<SessionUpdate> subscriber) {
    if (refs.add(subscriber)) context.watchWith(subscriber, new InternalCommand.SubscriberGone(subscriber));
  }

  public void remove(ActorRef<SessionUpdate> subscriber) {
    if (refs.remove(subscriber)) context.unwatch(subscriber);
  }

  public void publish(SessionUpdate update) {
    refs.forEach(subscriber -> subscriber.tell(update));
  }

  /** Sends the message just persisted at {@code seq} to every subscriber, and returns it. */
  public ChatMessage publishMessage(SessionState state, long seq) {
    ChatMessage message = state.transcript().bySeq(seq)
        .orElseThrow(() -> new IllegalStateException("message " + seq + " was just persisted but is missing"));
    publish(added(state.transcript(), message));
    filesShared(state, message).ifPresent(this::publish);
    return message;
  }

  /** The files {@code message} carries, as its followers are told them; none for a message without. */
  public Optional<SessionUpdate.FilesShared> filesShared(SessionState state, ChatMessage message) {
    List<Attachment> files = switch (state) {
      case SessionState.Open open -> open.notes().filesOf(message.seq());
      case SessionState.Closed closed -> closed.notes().filesOf(message.seq());
      default -> List.of();
    };
    return files.isEmpty() ? Optional.empty() : Optional.of(new SessionUpdate.FilesShared(sessionId, message.seq(), files));
  }

  /** What tells a follower that {@code message} was added: with the replies it offers to tap and the articles it cites, if any. */
  public static SessionUpdate added(Transcript transcript, ChatMessage message) {
    List<ReplyOption> options = transcript.optionsOf(message.seq());
    List<Citation> citations = transcript.citationsOf(message.seq());
    if (!citations.isEmpty()) return new SessionUpdate.CitingMessageAdded(message, options, citations);
    return options.isEmpty() ? new SessionUpdate.MessageAdded(message)
        : new SessionUpdate.OfferingMessageAdded(message, options);
  }

  public boolean isEmpty() {
    return refs.isEmpty();
  }
}
