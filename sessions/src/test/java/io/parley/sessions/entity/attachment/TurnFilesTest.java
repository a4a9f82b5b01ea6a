package io.parley.sessions.entity.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.attachment.Attachment;
import io.parley.core.handoff.Handoff;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Heard;
import io.parley.core.session.Role;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Transcript;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which files a turn's model is shown: a typed question its own; a spoken one those shared since the caller last spoke. */
class TurnFilesTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private static final Heard HEARD = new Heard("vosk", 0.9, 1200);

  @Test
  void aTypedQuestionHasOnlyItsOwnFiles() {
    Attachment label = file("label", 5);
    Attachment other = file("other", 8);
    Transcript transcript = Transcript.empty().append(user(1, 10), Optional.of("c-1"));
    ConversationNotes notes = ConversationNotes.empty().withAttachment(label).withAttachment(other)
        .withShared(1, List.of(label.attachmentId()));
    assertEquals(List.of(label), TurnFiles.of(open(transcript, notes), user(1, 10)));
  }

  @Test
  void aSpokenQuestionTakesTheCustomersFilesSinceTheCallerLastSpokeNotAnAgents() {
    Attachment before = file("before", 5);
    Attachment photo = file("photo", 15);
    Attachment fromAgent = file("from-agent", 16);
    Attachment box = file("box", 17);
    Transcript transcript = Transcript.empty()
        .append(user(1, 10), Optional.of("voice/1")).heard(1, Optional.of(HEARD))
        .append(ChatMessage.byAgent(2, "Dana", "Here is the label", T0.plusSeconds(16)), Optional.of("agent:a-1"))
        .append(user(3, 18), Optional.of("c-1"))
        .append(user(4, 20), Optional.of("voice/2")).heard(4, Optional.of(HEARD));
    ConversationNotes notes = ConversationNotes.empty().withAttachment(before).withAttachment(photo)
        .withAttachment(fromAgent).withAttachment(box)
        .withShared(2, List.of(fromAgent.attachmentId())).withShared(3, List.of(box.attachmentId()));
    assertEquals(List.of(photo, box), TurnFiles.of(open(transcript, notes), user(4, 20)));
    assertEquals(List.of(before), TurnFiles.of(open(transcript, notes), user(1, 10)),
        "the call's first question, with no message of the customer before it: the files added before it");
  }

  @Test
  void aSpokenQuestionTakesTheNewestTen() {
    ConversationNotes notes = ConversationNotes.empty();
    List<Attachment> files = IntStream.range(0, 12).mapToObj(i -> file("f" + i, 11 + i)).toList();
    for (Attachment each : files) notes = notes.withAttachment(each);
    Transcript transcript = Transcript.empty().append(user(1, 10), Optional.of("voice/1")).heard(1, Optional.of(HEARD))
        .append(user(2, 30), Optional.of("voice/2")).heard(2, Optional.of(HEARD));
    assertEquals(files.subList(2, 12), TurnFiles.of(open(transcript, notes), user(2, 30)));
  }

  private static ChatMessage user(long seq, int second) {
    return new ChatMessage(seq, Role.USER, "question " + seq, "turn-" + seq, T0.plusSeconds(second));
  }

  private static Attachment file(String name, int second) {
    return new Attachment(String.format("att_%032x", name.hashCode() & 0xffffffffL), name + ".png", "image/png", 100,
        T0.plusSeconds(second));
  }

  private static SessionState.Open open(Transcript transcript, ConversationNotes notes) {
    return new SessionState.Open(Optional.empty(), Channel.VOICE, T0, T0, transcript, notes, List.of(), Map.of(),
        Handoff.bot(), Optional.empty(), false);
  }
}
