package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.BotConfigBuilder;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.VoicePreferences;
import io.parley.core.bot.VoicePreferences.Recording;
import io.parley.core.handoff.Handoff;
import io.parley.core.language.LanguagePack;
import io.parley.core.language.Wording;
import io.parley.core.session.Channel;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionEvent.RecordingConsentNoted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordingConsentTest {
  private static final String ASK = "recording: May we record this call? Please say yes or no.";
  private static final String ASK_AGAIN =
      "recording-again after their words: May we record this call? Please say yes or no.";
  private final List<String> said = new ArrayList<>();
  private final List<String> withdrawn = new ArrayList<>();
  private final List<String> noted = new ArrayList<>();

  @Test
  void announcedTheCallIsRecordedWithoutAQuestion() {
    RecordingConsent consent = consent(true);
    consent.joined(session(Recording.ANNOUNCE));
    assertEquals(List.of("recording: This call is recorded."), said);
    assertEquals(List.of(RecordingConsentNoted.ANNOUNCED), noted);
    assertFalse(consent.asking());
    assertFalse(consent.heard("yes"), "nothing was asked: the caller's words are a message");
  }

  @Test
  void askedTheCallersYesRecordsAndTheirNoDoesNotAndNeitherIsAMessage() {
    RecordingConsent yes = consent(true);
    yes.joined(session(Recording.ASK));
    assertEquals(List.of(ASK), said);
    yes.started(RecordingConsent.KEY, 1);
    assertTrue(yes.asking());
    assertTrue(yes.heard("Yes, that's fine."));
    assertFalse(yes.asking());
    assertFalse(yes.heard("Where is my parcel?"), "answered: the next words are a message");

    RecordingConsent no = consent(true);
    no.joined(session(Recording.ASK));
    no.started(RecordingConsent.KEY, 1);
    assertTrue(no.heard("Nein, danke."), "a no in another language the bot speaks refuses too");
    assertEquals(List.of(RecordingConsentNoted.ASKED, RecordingConsentNoted.GIVEN, RecordingConsentNoted.ASKED,
        RecordingConsentNoted.REFUSED), noted);
  }

  @Test
  void whatTheCallerSaysBeforeTheQuestionBeginsIsAMessageNotAnAnswer() {
    RecordingConsent consent = consent(true);
    consent.joined(session(Recording.ASK));
    consent.started(SessionCommand.PostGreeting.GREETING, 1);
    assertFalse(consent.asks(1), "the greeting plays; the question is still queued");

    // The caller's first utterance began before the question did, and is transcribed after it began.
    consent.started(RecordingConsent.KEY, 2);
    assertTrue(consent.asking());
    assertFalse(consent.asks(1), "a message, even if it begins with yes: they had not heard the question");
    assertTrue(consent.asks(2));
    assertTrue(consent.heard("Yes."));
    assertEquals(List.of(RecordingConsentNoted.ASKED, RecordingConsentNoted.GIVEN), noted);
  }

  @Test
  void anUnclearAnswerIsAskedOnceMoreAndASecondRefusesAndIsTheCallersMessage() {
    RecordingConsent consent = consent(true);
    consent.joined(session(Recording.ASK));
    consent.started(RecordingConsent.KEY, 1);
    assertTrue(consent.heard("What is that about?"));
    assertEquals(List.of(ASK, ASK_AGAIN), said);
    consent.started(RecordingConsent.AGAIN, 2);
    assertEquals(List.of(RecordingConsentNoted.ASKED), noted, "nothing decided on the first unclear answer");
    assertFalse(consent.heard("I want to cancel my order."));
    assertEquals(List.of(RecordingConsentNoted.ASKED, RecordingConsentNoted.REFUSED), noted);
    assertFalse(consent.asking());
  }

  @Test
  void wordsBegunJustBeforeTheQuestionAskedAgainBeganStillAnswerIt() {
    RecordingConsent consent = consent(true);
    consent.joined(session(Recording.ASK));
    consent.started(RecordingConsent.KEY, 1);
    assertTrue(consent.heard("What is that about?"));
    assertTrue(consent.asks(2), "asked once more but not yet played: the first asking still takes the words");

    consent.started(RecordingConsent.AGAIN, 3);
    assertTrue(consent.asks(2), "begun before the question asked again could be heard, after the first was: an answer");
    assertTrue(consent.asks(3));
    assertTrue(consent.heard("Yes."));
    assertEquals(List.of(RecordingConsentNoted.ASKED, RecordingConsentNoted.GIVEN), noted);
    assertEquals(List.of(), withdrawn);
  }

  @Test
  void aClearAnswerBeforeTheQuestionAskedAgainBeganWithdrawsIt() {
    RecordingConsent consent = consent(true);
    consent.joined(session(Recording.ASK));
    consent.started(RecordingConsent.KEY, 1);
    assertTrue(consent.heard("Sorry?"));
    assertTrue(consent.heard("Oh, yes, that's fine."));

    assertEquals(List.of(RecordingConsent.AGAIN), withdrawn, "answered: it is not asked again");
    assertEquals(List.of(RecordingConsentNoted.ASKED, RecordingConsentNoted.GIVEN), noted);
    consent.started(RecordingConsent.AGAIN, 3);
    assertFalse(consent.asking());
  }

  @Test
  void aBrowsersCallAndASessionJoinedAgainAskNothingMore() {
    RecordingConsent browser = consent(false);
    browser.joined(session(Recording.ASK));
    assertEquals(List.of(), said);
    assertFalse(browser.heard("no"));

    RecordingConsent phone = consent(true);
    phone.joined(session(Recording.ASK));
    phone.started(RecordingConsent.KEY, 1);
    phone.heard("yes");
    phone.joined(session(Recording.ASK));
    assertEquals(List.of(ASK), said, "the session moved and the call joined it again: asked once");
    assertEquals(List.of(RecordingConsentNoted.ASKED, RecordingConsentNoted.GIVEN), noted);
  }

  /** A phone call's ({@code phone}) or a browser's consent in English, saying and noting into this test's lists. */
  private RecordingConsent consent(boolean phone) {
    return consent(phone, said, withdrawn, noted);
  }

  /** A consent in English that puts what it says, withdraws and notes into these lists. */
  static RecordingConsent consent(boolean phone, List<String> said, List<String> withdrawn, List<String> noted) {
    return new RecordingConsent(phone, SpokenQuestionsTest.voiceKeptIn(said, withdrawn), Wording.english()::text,
        LanguagePack::english, noted::add);
  }

  static SessionInfo session(Recording mode) {
    return session("3f2a", mode);
  }

  /** Session {@code sessionId} of tenant acme on the phone, its configuration's {@code voice.recording} {@code mode}. */
  static SessionInfo session(String sessionId, Recording mode) {
    VoicePreferences voice = new VoicePreferences(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(mode), Optional.empty(), Optional.empty(), Optional.empty());
    return new SessionInfo(sessionId, "acme", Optional.empty(), Channel.PHONE, SessionStatus.OPEN, 0, Instant.EPOCH,
        Handoff.bot(), Optional.of(new PinnedBotConfig(1, new BotConfigBuilder().voice(voice).build())), 0,
        Optional.empty());
  }
}
