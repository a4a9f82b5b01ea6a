package io.parley.sessions.entity.attachment;

import io.parley.core.attachment.Attachment;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.entity.SessionCommand.AddAttachment;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.AttachmentAdded;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import java.util.List;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The files of an open conversation (docs/attachments.md): the edge stores an upload's bytes,
 * then the session records its reference, which its messages may name from then on. A
 * conversation holds at most {@link SessionFiles#MAX_PER_SESSION}, so its state stays small. While a member
 * of a release before attachments is up, an upload is refused as unavailable: that release could
 * not recover the conversation.
 */
public record AttachmentCommands(SessionEffects effect, SessionScope scope) {

  public ReplyEffect<SessionEvent, SessionState> onAddAttachment(Open state, AddAttachment cmd) {
    Attachment added = cmd.attachment();
    if (state.notes().attachment(added.attachmentId()).isPresent()) {
      return effect.reply(cmd.replyTo(), StatusReply.success(state.notes().attachment(added.attachmentId()).get()));
    }
    if (state.notes().attachments().size() >= SessionFiles.MAX_PER_SESSION) {
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.TOO_LARGE,
          "a conversation holds at most " + SessionFiles.MAX_PER_SESSION + " attachments")));
    }
    return effect.persistOrRefuse(List.of(new AttachmentAdded(added)), cmd.replyTo(),
        persisted -> persisted.thenReply(cmd.replyTo(), after -> StatusReply.success(added)));
  }
}
