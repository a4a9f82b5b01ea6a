package io.parley.sessions.entity.attachment;

import io.parley.core.attachment.AttachmentPolicy;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.entity.SessionState.Open;
import java.util.List;
import java.util.Optional;

/**
 * The files a conversation holds (docs/attachments.md), as the commands that add one and the
 * messages that name them both read them: a conversation holds at most {@link #MAX_PER_SESSION},
 * so its state stays small, and a message names only files added to it before.
 */
public final class SessionFiles {
  public static final int MAX_PER_SESSION = AttachmentPolicy.MAX_PER_CONVERSATION;

  private SessionFiles() {}

  /** Why a message may not carry {@code attachmentIds}: one of them was never added to the conversation. */
  public static Optional<Refusal> unknown(Open state, List<String> attachmentIds) {
    return attachmentIds.stream().filter(id -> state.notes().attachment(id).isEmpty()).findFirst()
        .map(id -> Refusal.of(ErrorCode.BAD_REQUEST, "unknown attachment " + id
            + ": upload it to this session first (POST /v1/sessions/{id}/attachments)"));
  }
}
