package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.BotConfigBuilder;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.Handoff;
import io.parley.core.session.Channel;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.media.TurnDetector;
import io.parley.voice.media.TurnDetector.Signal;
import io.parley.voice.media.TurnSettings;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.testing.StandInTextToSpeech;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallLanguageTest {
  private static final int FRAME = 20;

  private final TurnDetector detector = new TurnDetector(TurnSettings.defaults());
  private final List<String> told = new ArrayList<>();
  private final List<String> said = new ArrayList<>();

  @Test
  void theTurnDetectorAndTheRecogniserFollowTheConversationsLanguageOnceTheSessionHasOne() {
    CallLanguage language = language(Channel.VOICE, true);

    language.joined(session(Optional.empty()));
    assertEquals(Signal.UTTERANCE_ENDED, pauseAfter(detector, "ich brauche hilfe mit"), "English until then");
    assertEquals(List.of(), told);

    language.changed("de");
    assertEquals(Signal.NONE, pauseAfter(detector, "ich brauche hilfe mit"), "German: \"mit\" goes on");
    assertEquals(List.of("de"), told, "the recogniser hears German from the next utterance on");
  }

  @Test
  void aCallFollowsAChangeOfLanguageAndARejoinTellsItNothingItKnows() {
    CallLanguage language = language(Channel.VOICE, true);
    language.joined(session(Optional.of("de")));
    language.changed("fr");
    language.joined(session(Optional.of("fr")));
    language.changed("fr");

    assertEquals(List.of("de", "fr"), told);
    assertEquals(List.of(), said, "both are languages the engines serve");
  }

  @Test
  void aLanguageNoEngineHearsIsSaidInThatLanguageAndEndsABrowsersVoice() {
    CallLanguage language = language(Channel.VOICE, false);
    language.joined(session(Optional.of("de")));
    assertEquals(List.of(CallLanguage.NOTICE + ": Es tut mir leid, auf Deutsch kann ich noch nicht mit Ihnen sprechen."
        + " Bitte schreiben Sie mir stattdessen im Chat, dort antworte ich Ihnen."), said);
    assertTrue(language.endsVoice(CallLanguage.NOTICE), "the chat is beside it");
  }

  @Test
  void aPhoneCallSaysSoAndGoesOn() {
    CallLanguage language = joinedThenHeardGerman(Channel.PHONE, false);
    assertEquals(1, said.size());
    assertTrue(said.get(0).contains("am Telefon"), said.get(0));
    assertFalse(language.endsVoice(CallLanguage.NOTICE), "a phone has no chat beside it");
  }

  @Test
  void aLanguageTheEnginesServeIsNoNotice() {
    CallLanguage language = joinedThenHeardGerman(Channel.VOICE, true);
    assertEquals(List.of(), said);
  }

  /** A call that joined its session, whose caller was then heard speaking German. */
  private CallLanguage joinedThenHeardGerman(Channel channel, boolean hearsGerman) {
    CallLanguage language = language(channel, hearsGerman);
    language.joined(session(Optional.empty()));
    language.changed("de");
    return language;
  }

  private CallLanguage language(Channel channel, boolean hearsGerman) {
    SpeechToText hearing = new SpeechToText() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public int sampleRate() {
        return 16_000;
      }

      @Override
      public boolean hears(String language) {
        return hearsGerman || language.equals("en");
      }

      @Override
      public RecognitionStream open(TranscriptListener listener, int sampleRate) {
        throw new UnsupportedOperationException();
      }
    };
    RecognitionStream recognition = new RecognitionStream() {
      @Override
      public void accept(short[] frame) {}

      @Override
      public void endUtterance() {}

      @Override
      public void hear(String language) {
        told.add(language);
      }

      @Override
      public void close() {}
    };
    StandInTextToSpeech speaking = new StandInTextToSpeech();
    CallEngines engines = new CallEngines(hearing, speaking, speaking, EnergyVoiceActivity.defaults(16_000));
    SpeakingTier tier = new SpeakingTier(engines, 1.0, "acme", new VoiceMetrics(new PrometheusRegistry()));
    return new CallLanguage(detector, recognition, engines, tier, new CallGreeting(), channel.wireName(),
        (key, text) -> said.add(key + ": " + text));
  }

  private static SessionInfo session(Optional<String> language) {
    return new SessionInfo("3f2a", "acme", Optional.empty(), Channel.VOICE, SessionStatus.OPEN, 0, Instant.EPOCH,
        Handoff.bot(), Optional.of(new PinnedBotConfig(1, new BotConfigBuilder().build())), 0, language);
  }

  /** What the recogniser's pause after {@code words} does, the frames quiet for 400 ms. */
  private static Signal pauseAfter(TurnDetector detector, String words) {
    for (int i = 0; i < 700 / FRAME; i++) detector.onFrame(0.9, FRAME);
    detector.heard(words);
    for (int i = 0; i < 400 / FRAME; i++) detector.onFrame(0.1, FRAME);
    Signal signal = detector.endIfQuiet();
    for (int i = 0; i < 1000 / FRAME; i++) detector.onFrame(0.1, FRAME);
    return signal;
  }
}
