package io.parley.bench;

import io.parley.sessions.SessionTags;
import io.parley.sessions.entity.SessionEvent.UserMessageAppended;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The journal's share of a customer message: persists the same event a {@code ChatSession}
 * persists for it, with the same serializer, and replies once it is durable, as
 * {@code PostUserMessage} does; tagged with the session's slice as a {@code ChatSession}'s events
 * are ({@link SessionTags}), or untagged, to measure what the tag's row costs. No turn and no
 * snapshot: only the write is measured.
 */
final class TranscriptWriter extends EventSourcedBehavior<TranscriptWriter.Post, UserMessageAppended, Long> {

  /** Replies {@code Done} once the message is in the journal. */
  record Post(ActorRef<Done> replyTo) {}

  private final Set<String> tags;

  static Behavior<Post> create(String sessionId, boolean tagged) {
    return new TranscriptWriter(PersistenceId.of("ChatSession", sessionId),
        tagged ? Set.of(SessionTags.all().get(Math.floorMod(sessionId.hashCode(), SessionTags.COUNT))) : Set.of());
  }

  private TranscriptWriter(PersistenceId persistenceId, Set<String> tags) {
    super(persistenceId);
    this.tags = tags;
  }

  @Override
  public Set<String> tagsFor(UserMessageAppended event) {
    return tags;
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public CommandHandler<Post, UserMessageAppended, Long> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Post.class, (lastSeq, post) -> Effect().persist(Conversations.userMessage(lastSeq + 1))
            .thenReply(post.replyTo(), seq -> Done.getInstance()))
        .build();
  }

  @Override
  public EventHandler<Long, UserMessageAppended> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(UserMessageAppended.class, (lastSeq, event) -> event.seq())
        .build();
  }
}
