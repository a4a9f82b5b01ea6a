package io.parley.sessions.entity;

import io.parley.core.attachment.Attachment;
import io.parley.core.attachment.AttachmentPolicy;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.entity.SessionCommand.AddAttachment;
import io.parley.sessions.entity.SessionEvent.AttachmentAdded;
import io.parley.sessions.entity.SessionState.Open;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The files of an open conversation (docs/attachments.md): the edge stores an upload's bytes,
 * then the session records its reference, which its messages may name from then on. A
 * conversation holds at most {@link #MAX_PER_SESSION}, so its state stays small. While a member
 * of a release before attachments is up, an upload is refused as unavailable: that release could
 * not recover the conversation.
 */
record AttachmentCommands(EffectFactories<SessionEvent, SessionState> effect, SessionScope scope) {
  static final int MAX_PER_SESSION = AttachmentPolicy.MAX_PER_CONVERSATION;

  static <E> void register(CommandRoutes.Builder<E> routes, Function<E, AttachmentCommands> handler) {
    routes.inState(Open.class).by(handler).on(AddAttachment.class, AttachmentCommands::onAddAttachment);
  }

  /** Why a message may not carry {@code attachmentIds}: one of them was never added to the conversation. */
  static Optional<Refusal> unknown(Open state, List<String> attachmentIds) {
    return attachmentIds.stream().filter(id -> state.notes().attachment(id).isEmpty()).findFirst()
        .map(id -> Refusal.of(ErrorCode.BAD_REQUEST, "unknown attachment " + id
            + ": upload it to this session first (POST /v1/sessions/{id}/attachments)"));
  }

  ReplyEffect<SessionEvent, SessionState> onAddAttachment(Open state, AddAttachment cmd) {
    Attachment added = cmd.attachment();
    if (state.notes().attachment(added.attachmentId()).isPresent()) {
      return effect.reply(cmd.replyTo(), StatusReply.success(state.notes().attachment(added.attachmentId()).get()));
    }
    if (!SessionEvent.INTRODUCED.writable(AttachmentAdded.class, scope.members())) {
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.UNAVAILABLE,
          SessionEvent.INTRODUCED.notYet(AttachmentAdded.class))));
    }
    if (state.notes().attachments().size() >= MAX_PER_SESSION) {
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.TOO_LARGE,
          "a conversation holds at most " + MAX_PER_SESSION + " attachments")));
    }
    return effect.persist(new AttachmentAdded(added)).thenReply(cmd.replyTo(), after -> StatusReply.success(added));
  }
}
