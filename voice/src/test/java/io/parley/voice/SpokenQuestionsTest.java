package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.VoicePreferences.Recording;
import io.parley.sessions.entity.SessionEvent.RecordingConsentNoted;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpokenQuestionsTest {
  private final List<String> decisions = new ArrayList<>();
  private final List<String> consents = new ArrayList<>();
  private final SpokenApprovals approvals = new SpokenApprovals(voiceKeptIn(new ArrayList<>(), new ArrayList<>()),
      (approvalId, approved, reason) -> decisions.add(approvalId + (approved ? " approved" : " refused")));
  private final RecordingConsent recording = RecordingConsentTest.consent(true, new ArrayList<>(),
      new ArrayList<>(), consents);
  private final SpokenQuestions questions = new SpokenQuestions(approvals, recording);

  @Test
  void anApprovalAskedWhileTheRecordingsQuestionWaitsTakesTheCallersWordsFirst() {
    bothAsked(1);
    assertTrue(questions.asking());

    assertTrue(questions.heard(1, "Yes, go ahead."), "an answer, no message");
    assertEquals(List.of("ap-1 approved"), decisions);
    assertEquals(List.of(RecordingConsentNoted.ASKED), consents, "the recording's question still waits");

    assertTrue(questions.heard(2, "No, please don't record."));
    assertEquals(List.of(RecordingConsentNoted.ASKED, RecordingConsentNoted.REFUSED), consents);
    assertEquals(List.of("ap-1 approved"), decisions);
    assertFalse(questions.asking());
    assertFalse(questions.heard(3, "When does my parcel arrive?"), "nothing is asked: a message");
  }

  @Test
  void wordsBegunBeforeTheRecordingsQuestionAreAMessageThoughTheyComeAfterIt() {
    recording.joined(RecordingConsentTest.session(Recording.ASK));
    recording.started(RecordingConsent.KEY, 2);
    assertFalse(questions.heard(1, "Yes, I want to cancel my order."), "begun before the question: a message");
    assertEquals(List.of(RecordingConsentNoted.ASKED), consents);
    assertTrue(questions.heard(2, "Yes."));
    assertEquals(List.of(RecordingConsentNoted.ASKED, RecordingConsentNoted.GIVEN), consents);
  }

  @Test
  void wordsBegunBeforeAnApprovalsQuestionAnswerTheRecordingsQuestionTheyFollow() {
    bothAsked(2);
    assertTrue(questions.heard(1, "No, please don't record."), "begun after the recording's question, before the approval's");
    assertEquals(List.of(RecordingConsentNoted.ASKED, RecordingConsentNoted.REFUSED), consents);
    assertEquals(List.of(), decisions, "the approval waits for words begun once it was asked");
    assertTrue(questions.heard(2, "Yes, go ahead."));
    assertEquals(List.of("ap-1 approved"), decisions);
  }

  @Test
  void anUnclearAnswerToTheApprovalIsNotTakenAsTheRecordingsAnswer() {
    bothAsked(1);
    assertTrue(questions.heard(1, "Hmm, what was that?"));
    assertFalse(questions.heard(2, "What does it cost?"), "unclear twice: the approval is refused, the words a message");
    assertEquals(List.of("ap-1 refused"), decisions);
    assertEquals(List.of(RecordingConsentNoted.ASKED), consents, "the recording's question heard none of it");
    assertTrue(questions.asking());
  }

  /**
   * The recording's question heard from time 1, then approval ap-1 asked and heard from
   * {@code approvalHeardFrom}.
   */
  private void bothAsked(long approvalHeardFrom) {
    recording.joined(RecordingConsentTest.session(Recording.ASK));
    questions.started(RecordingConsent.KEY, 1);
    approvals.changed(SpokenApprovalsTest.pending("ap-1", "en"));
    questions.started("approval-ap-1", approvalHeardFrom);
  }

  /** A voice that puts what it says and withdraws into these lists. */
  static SpokenQuestions.Voice voiceKeptIn(List<String> said, List<String> withdrawn) {
    return new SpokenQuestions.Voice((key, text) -> said.add(key + ": " + text),
        (key, text) -> said.add(key + " after their words: " + text), withdrawn::add);
  }
}
