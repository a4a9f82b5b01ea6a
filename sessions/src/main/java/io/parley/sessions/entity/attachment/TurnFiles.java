package io.parley.sessions.entity.attachment;

import io.parley.core.attachment.Attachment;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Transcript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The files a turn's model is shown (docs/attachments.md): those its question carries. A spoken
 * question carries none of its own, so it also takes the files the customer added since they last
 * spoke on the call (before the call's first question: since their previous message), as a page
 * shares a photo while its caller talks about it. Files an agent sent are never the customer's.
 */
public final class TurnFiles {
  /** As many as one message may carry. */
  static final int MAX_SHARED_ON_A_CALL = 10;

  private TurnFiles() {}

  public static List<Attachment> of(SessionState.Open open, ChatMessage question) {
    ConversationNotes notes = open.notes();
    Transcript transcript = open.transcript();
    List<Attachment> own = notes.filesOf(question.seq());
    if (!transcript.heardBySeq().containsKey(question.seq())) return own;
    Instant since = previous(transcript, question).map(ChatMessage::at).orElse(Instant.MIN);
    Set<String> notTheirs = notes.sharedFiles().entrySet().stream()
        .filter(shared -> transcript.bySeq(shared.getKey()).filter(m -> m.role() != Role.USER).isPresent())
        .flatMap(shared -> shared.getValue().stream()).collect(Collectors.toSet());
    List<Attachment> files = new ArrayList<>(own);
    notes.attachments().stream()
        .filter(file -> file.at().isAfter(since) && !file.at().isAfter(question.at()))
        .filter(file -> !notTheirs.contains(file.attachmentId()) && !own.contains(file))
        .forEach(files::add);
    return List.copyOf(files.subList(Math.max(0, files.size() - MAX_SHARED_ON_A_CALL), files.size()));
  }

  /** The customer's message the window starts after: their previous spoken one, else their previous one. */
  private static Optional<ChatMessage> previous(Transcript transcript, ChatMessage question) {
    List<ChatMessage> earlier = transcript.messages().stream()
        .filter(m -> m.role() == Role.USER && m.seq() < question.seq()).toList();
    return earlier.stream().filter(m -> transcript.heardBySeq().containsKey(m.seq())).reduce((a, b) -> b)
        .or(() -> earlier.stream().reduce((a, b) -> b));
  }
}
