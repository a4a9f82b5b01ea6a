package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.config.InvalidSettingException;
import io.parley.core.testing.ModuleReference;
import io.parley.voice.VoiceSettings.TtsProvider;
import io.parley.voice.VoiceSettings.VadEngine;
import io.parley.voice.premium.OpenAiTranscription.ResponseFormat;
import io.parley.voice.premium.PremiumEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VoiceSettingsTest {
  private static final ModuleReference REFERENCE = ModuleReference.of(VoiceSettings.class);

  /** The settings with {@code environment} as the PARLEY_* variables. */
  private static VoiceSettings withEnvironment(Map<String, String> environment) {
    return VoiceSettings.create(REFERENCE.withEnvironment(environment));
  }

  private static InvalidSettingException failure(String variable, String value) {
    return assertThrows(InvalidSettingException.class, () -> withEnvironment(Map.of(variable, value)));
  }

  @Test
  void theDefaultsTakeVoiceCallsOnTheLocalEnginesAlone() {
    VoiceSettings settings = VoiceSettings.create(REFERENCE.defaults());

    assertTrue(settings.enabled());
    assertEquals(Duration.ofMinutes(30), settings.maxCall());
    assertEquals(Duration.ofSeconds(1), settings.maxBufferedAudio());
    assertEquals(new VoiceSettings.Stt(VoiceTier.AUTO, Optional.empty(), "whisper-1", Optional.empty(),
        Duration.ofSeconds(10), ResponseFormat.VERBOSE_JSON, 7), settings.stt());
    assertFalse(settings.stt().usesPremium(), "auto without a service configured is local");
    assertEquals(new VoiceSettings.Tts(VoiceTier.AUTO, TtsProvider.OPENAI, Optional.empty(), "tts-1", "alloy",
        Optional.empty(), 1.0, Duration.ofSeconds(5), "eleven_multilingual_v2"), settings.tts());
    assertFalse(settings.tts().usesPremium());
    assertEquals(new VoiceSettings.Vad(VadEngine.SILERO, 0.5, 0.35, Duration.ofMillis(200), Duration.ofMillis(600),
        Duration.ofMillis(300), 500, Duration.ofMillis(150), Duration.ofMillis(1_200), Duration.ofMillis(1_200)),
        settings.vad());
  }

  @Test
  void aKeyAloneMakesAutoUseOpenAi() {
    VoiceSettings settings = withEnvironment(Map.of("PARLEY_STT_API_KEY", "sk-stt", "PARLEY_TTS_API_KEY", "sk-tts"));

    assertTrue(settings.stt().usesPremium());
    assertEquals(new PremiumEndpoint(URI.create("https://api.openai.com/v1"), "whisper-1", Optional.of("sk-stt"),
        Duration.ofSeconds(10)), settings.stt().endpoint());
    assertTrue(settings.tts().usesPremium());
    assertEquals(new PremiumEndpoint(URI.create("https://api.openai.com/v1"), "tts-1", Optional.of("sk-tts"),
        Duration.ofSeconds(5)), settings.tts().endpoint());
  }

  @Test
  void theEnvironmentOverridesTheDefaults() {
    Map<String, String> environment = new HashMap<>();
    environment.put("PARLEY_VOICE_ENABLED", "false");
    environment.put("PARLEY_VOICE_MAX_CALL_SECONDS", "600");
    environment.put("PARLEY_VOICE_MAX_BUFFERED_AUDIO_MS", "500");
    environment.put("PARLEY_STT_TIER", "premium");
    environment.put("PARLEY_STT_BASE_URL", "https://api.groq.com/openai/v1/");
    environment.put("PARLEY_STT_MODEL", "whisper-large-v3-turbo");
    environment.put("PARLEY_STT_API_KEY", "gsk-secret");
    environment.put("PARLEY_STT_TIMEOUT", "4s");
    environment.put("PARLEY_STT_RESPONSE_FORMAT", "JSON");
    environment.put("PARLEY_STT_BUDGET_CHARACTERS_PER_SECOND", "3");
    environment.put("PARLEY_TTS_TIER", "premium");
    environment.put("PARLEY_TTS_PROVIDER", "elevenlabs");
    environment.put("PARLEY_TTS_BASE_URL", "http://127.0.0.1:9000/v1");
    environment.put("PARLEY_TTS_MODEL", "eleven_turbo_v2_5");
    environment.put("PARLEY_TTS_VOICE", "EXAVITQu4vr4xnSDxMaL");
    environment.put("PARLEY_TTS_API_KEY", "xi-secret");
    environment.put("PARLEY_TTS_SPEED", "1.1");
    environment.put("PARLEY_TTS_TIMEOUT", "2500ms");
    environment.put("PARLEY_TTS_MULTILINGUAL_MODEL", "eleven_flash_v2_5");
    environment.put("PARLEY_VAD_ENGINE", "energy");
    environment.put("PARLEY_VAD_ACTIVATION", "0.6");
    environment.put("PARLEY_VAD_DEACTIVATION", "0.4");
    environment.put("PARLEY_VAD_MIN_SPEECH_MS", "150");
    environment.put("PARLEY_VAD_END_OF_UTTERANCE_MS", "800");
    environment.put("PARLEY_VAD_BARGE_IN_MIN_SPEECH_MS", "400");
    environment.put("PARLEY_VAD_ENERGY_THRESHOLD", "700");
    environment.put("PARLEY_VAD_COMPLETE_UTTERANCE_SILENCE_MS", "0");
    environment.put("PARLEY_VAD_UNFINISHED_UTTERANCE_SILENCE_MS", "1500");
    environment.put("PARLEY_VAD_BACKCHANNEL_MAX_SPEECH_MS", "400");

    VoiceSettings settings = withEnvironment(environment);

    assertEquals(new VoiceSettings(false,
        new VoiceSettings.Stt(VoiceTier.PREMIUM, Optional.of(URI.create("https://api.groq.com/openai/v1")),
            "whisper-large-v3-turbo", Optional.of("gsk-secret"), Duration.ofSeconds(4), ResponseFormat.JSON, 3),
        new VoiceSettings.Tts(VoiceTier.PREMIUM, TtsProvider.ELEVENLABS, Optional.of(URI.create("http://127.0.0.1:9000/v1")),
            "eleven_turbo_v2_5", "EXAVITQu4vr4xnSDxMaL", Optional.of("xi-secret"), 1.1, Duration.ofMillis(2500),
            "eleven_flash_v2_5"),
        new VoiceSettings.Vad(VadEngine.ENERGY, 0.6, 0.4, Duration.ofMillis(150), Duration.ofMillis(800),
            Duration.ofMillis(400), 700, Duration.ZERO, Duration.ofMillis(1_500), Duration.ofMillis(400)),
        Duration.ofMinutes(10), Duration.ofMillis(500)), settings);
    assertEquals(Duration.ofSeconds(9), CallSettings.of(settings, Duration.ofSeconds(10)).transcriptWait(),
        "a call waits for a transcript the premium recogniser's 4 s, then the local engine's 5 s");
  }

  @Test
  void elevenLabsWithOnlyAKeyUsesItsOwnServiceModelAndVoice() {
    VoiceSettings.Tts tts = withEnvironment(Map.of("PARLEY_TTS_PROVIDER", "elevenlabs", "PARLEY_TTS_API_KEY", "xi"))
        .tts();

    assertEquals(new PremiumEndpoint(URI.create("https://api.elevenlabs.io/v1"), "eleven_flash_v2_5", Optional.of("xi"),
        Duration.ofSeconds(5)), tts.endpoint());
    assertEquals("21m00Tcm4TlvDq8ikWAM", tts.voice());
  }

  @Test
  void theLocalTierIgnoresAConfiguredService() {
    VoiceSettings settings = withEnvironment(Map.of("PARLEY_STT_TIER", "local", "PARLEY_STT_API_KEY", "sk",
        "PARLEY_TTS_TIER", "LOCAL", "PARLEY_TTS_BASE_URL", "http://tts.internal/v1"));

    assertFalse(settings.stt().usesPremium());
    assertFalse(settings.tts().usesPremium());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      PARLEY_STT_TIER                | premum                  | PARLEY_STT_TIER (parley.voice.stt.tier): expected one of local, premium, auto, got 'premum'
      PARLEY_TTS_PROVIDER            | azure                   | PARLEY_TTS_PROVIDER (parley.voice.tts.provider): expected one of openai, elevenlabs, got 'azure'
      PARLEY_VAD_ENGINE              | webrtc                  | PARLEY_VAD_ENGINE (parley.voice.vad.engine): expected one of silero, energy, got 'webrtc'
      PARLEY_STT_RESPONSE_FORMAT     | text                    | PARLEY_STT_RESPONSE_FORMAT (parley.voice.stt.response-format): expected one of json, verbose_json, got 'text'
      PARLEY_VOICE_ENABLED           | maybe                   | PARLEY_VOICE_ENABLED (parley.voice.enabled): expected true or false, got 'maybe'
      PARLEY_TTS_SPEED               | 3                       | PARLEY_TTS_SPEED (parley.voice.tts.speed): expected a number from 0.5 to 2.0, got '3'
      PARLEY_VAD_ACTIVATION          | 1.5                     | PARLEY_VAD_ACTIVATION (parley.voice.vad.activation): expected a number from 0.0 to 1.0, got '1.5'
      PARLEY_VAD_END_OF_UTTERANCE_MS | 600ms                   | PARLEY_VAD_END_OF_UTTERANCE_MS (parley.voice.vad.end-of-utterance-ms): expected a whole number greater than 0, got '600ms'
      """)
  void aBadValueFailsNamingTheVariableAndTheExpectedForm(String variable, String value, String message) {
    assertEquals(message, failure(variable, value).getMessage());
  }

  /** Messages that go on to give an example of the form. */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      PARLEY_STT_TIMEOUT  | soon                   | PARLEY_STT_TIMEOUT (parley.voice.stt.timeout): expected a positive duration such as 30s
      PARLEY_STT_BASE_URL | api.groq.com/openai/v1 | PARLEY_STT_BASE_URL (parley.voice.stt.base-url): expected an http:// or https:// URL
      PARLEY_STT_MODEL    | " "                    | PARLEY_STT_MODEL (parley.voice.stt.model):
      """)
  void aBadValueFailsWithAMessageStartingWithTheVariableAndTheForm(String variable, String value, String start) {
    String message = failure(variable, value).getMessage();
    assertTrue(message.startsWith(start), message);
  }

  @Test
  void deactivationAboveActivationFails() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> withEnvironment(Map.of("PARLEY_VAD_ACTIVATION", "0.3", "PARLEY_VAD_DEACTIVATION", "0.5")));

    assertEquals("PARLEY_VAD_DEACTIVATION (0.5) must not be above PARLEY_VAD_ACTIVATION (0.3): speech ends below the"
        + " level it starts above, e.g. 0.35 and 0.5", e.getMessage());
  }

  @Test
  void aCompleteUtterancesSilenceAboveTheFullSilenceFails() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> withEnvironment(Map.of("PARLEY_VAD_COMPLETE_UTTERANCE_SILENCE_MS", "700")));

    assertEquals("PARLEY_VAD_COMPLETE_UTTERANCE_SILENCE_MS (700) must not be above PARLEY_VAD_END_OF_UTTERANCE_MS"
        + " (600): a complete utterance ends sooner, e.g. 150 and 600", e.getMessage());
  }

  @Test
  void aPremiumTierWithoutAServiceFailsSayingWhatToSet() {
    assertEquals("PARLEY_STT_TIER (parley.voice.stt.tier) is premium, but no premium service is configured: set"
        + " PARLEY_STT_API_KEY, or PARLEY_STT_BASE_URL for a server that needs no key; or set the tier to auto or local",
        failure("PARLEY_STT_TIER", "premium").getMessage());
    assertTrue(failure("PARLEY_TTS_TIER", "premium").getMessage().startsWith("PARLEY_TTS_TIER"));
  }

  @Test
  void theKeysStayOutOfToString() {
    VoiceSettings settings = withEnvironment(Map.of("PARLEY_STT_API_KEY", "sk-stt-secret",
        "PARLEY_TTS_API_KEY", "xi-tts-secret"));

    String text = settings.toString() + settings.stt().endpoint() + settings.tts().endpoint();
    assertFalse(text.contains("sk-stt-secret"), text);
    assertFalse(text.contains("xi-tts-secret"), text);
    assertTrue(settings.stt().toString().contains("apiKey=(set)"), settings.stt().toString());
  }
}
