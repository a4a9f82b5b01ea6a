package io.parley.voice;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import io.parley.voice.premium.OpenAiTranscription.ResponseFormat;
import io.parley.voice.premium.PremiumEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Voice calls' settings, read once at start-up from {@code parley.voice}: which engines recognise
 * and speak (the tiers and the premium services), how turns are detected, and the call's limits.
 *
 * @param maxBufferedAudio audio a call keeps queued when frames come faster than real time
 */
public record VoiceSettings(
    boolean enabled, Stt stt, Tts tts, Vad vad, Duration maxCall, Duration maxBufferedAudio) {

  /** Speech to text: the tier, and the OpenAI-compatible transcription service. */
  public record Stt(VoiceTier tier, Optional<URI> baseUrl, String model, Optional<String> apiKey, Duration timeout,
      ResponseFormat responseFormat, int budgetCharactersPerSecond) {
    static final URI OPENAI = URI.create("https://api.openai.com/v1");

    /** Whether the premium service is used: by the tier, and whether a base URL or a key is set. */
    public boolean usesPremium() {
      return tier.usesPremium(baseUrl.isPresent() || apiKey.isPresent());
    }

    /** The service; OpenAI's when no base URL is set. */
    public PremiumEndpoint endpoint() {
      return new PremiumEndpoint(baseUrl.orElse(OPENAI), model, apiKey, timeout);
    }

    /** Hand-written so that the key never reaches a log line. */
    @Override
    public String toString() {
      return "Stt[tier=" + tier + ", baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
          + (apiKey.isPresent() ? "(set)" : "(none)") + ", timeout=" + timeout + ", responseFormat=" + responseFormat
          + ", budgetCharactersPerSecond=" + budgetCharactersPerSecond + "]";
    }
  }

  /** The premium text-to-speech services, with what a request to each needs when nothing is set. */
  public enum TtsProvider {
    OPENAI("https://api.openai.com/v1", "tts-1", "alloy"),
    ELEVENLABS("https://api.elevenlabs.io/v1", "eleven_flash_v2_5", "21m00Tcm4TlvDq8ikWAM");

    private final URI baseUrl;
    private final String model;
    private final String voice;

    TtsProvider(String baseUrl, String model, String voice) {
      this.baseUrl = URI.create(baseUrl);
      this.model = model;
      this.voice = voice;
    }
  }

  /**
   * Text to speech: the tier, and the premium service with its model, voice and speed;
   * {@code multilingualModel} is the ElevenLabs model of sentences in languages other than English.
   */
  public record Tts(VoiceTier tier, TtsProvider provider, Optional<URI> baseUrl, String model, String voice,
      Optional<String> apiKey, double speed, Duration timeout, String multilingualModel) {

    public boolean usesPremium() {
      return tier.usesPremium(baseUrl.isPresent() || apiKey.isPresent());
    }

    /** The service; the provider's own when no base URL is set. */
    public PremiumEndpoint endpoint() {
      return new PremiumEndpoint(baseUrl.orElse(provider.baseUrl), model, apiKey, timeout);
    }

    /** Hand-written so that the key never reaches a log line. */
    @Override
    public String toString() {
      return "Tts[tier=" + tier + ", provider=" + provider + ", baseUrl=" + baseUrl + ", model=" + model + ", voice="
          + voice + ", apiKey=" + (apiKey.isPresent() ? "(set)" : "(none)") + ", speed=" + speed + ", timeout="
          + timeout + ", multilingualModel=" + multilingualModel + "]";
    }
  }

  public enum VadEngine { SILERO, ENERGY }

  /**
   * Turn detection: speech starts when the detector's probability rises above {@code activation}
   * and ends below {@code deactivation}; speech shorter than {@code minSpeech} is noise, silence
   * of {@code endOfUtterance} ends the caller's turn, and {@code bargeInMinSpeech} of speech
   * interrupts the bot. {@code energyThreshold} is the RMS the energy engine takes for speech.
   * {@code completeUtteranceSilence} ends the turn when the words heard so far are complete (zero: never),
   * {@code unfinishedUtteranceSilence} when they go on ("my order number is"); speech over the bot
   * heard as nothing but a backchannel ("mm-hm") barges in only after {@code backchannelMaxSpeech}.
   * Calls take the longer of {@code unfinishedUtteranceSilence} and {@code endOfUtterance}, and of
   * {@code backchannelMaxSpeech} and {@code bargeInMinSpeech}: raising the one raises the other.
   */
  public record Vad(VadEngine engine, double activation, double deactivation, Duration minSpeech,
      Duration endOfUtterance, Duration bargeInMinSpeech, int energyThreshold, Duration completeUtteranceSilence,
      Duration unfinishedUtteranceSilence, Duration backchannelMaxSpeech) {}

  /** Reads {@code parley.voice.*}; a bad value fails naming its variable and the form expected. */
  public static VoiceSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    return new VoiceSettings(
        reader.flag("parley.voice.enabled", "PARLEY_VOICE_ENABLED"),
        stt(reader),
        tts(reader),
        vad(reader),
        Duration.ofSeconds(reader.positiveInt("parley.voice.max-call-seconds", "PARLEY_VOICE_MAX_CALL_SECONDS")),
        milliseconds(reader, "parley.voice.max-buffered-audio-ms", "PARLEY_VOICE_MAX_BUFFERED_AUDIO_MS"));
  }

  private static Stt stt(SettingsReader reader) {
    Stt stt = new Stt(
        reader.choice("parley.voice.stt.tier", "PARLEY_STT_TIER", VoiceTier.class),
        reader.optionalHttpUrl("parley.voice.stt.base-url", "PARLEY_STT_BASE_URL"),
        reader.string("parley.voice.stt.model", "PARLEY_STT_MODEL"),
        reader.optionalString("parley.voice.stt.api-key"),
        reader.duration("parley.voice.stt.timeout", "PARLEY_STT_TIMEOUT"),
        reader.choice("parley.voice.stt.response-format", "PARLEY_STT_RESPONSE_FORMAT", ResponseFormat.class),
        reader.nonNegativeInt("parley.voice.stt.budget-characters-per-second", "PARLEY_STT_BUDGET_CHARACTERS_PER_SECOND"));
    requireConfigured(stt.tier(), stt.baseUrl().isPresent() || stt.apiKey().isPresent(), "STT",
        "parley.voice.stt.tier");
    return stt;
  }

  private static Tts tts(SettingsReader reader) {
    VoiceTier tier = reader.choice("parley.voice.tts.tier", "PARLEY_TTS_TIER", VoiceTier.class);
    TtsProvider provider = reader.choice("parley.voice.tts.provider", "PARLEY_TTS_PROVIDER", TtsProvider.class);
    Optional<URI> baseUrl = reader.optionalHttpUrl("parley.voice.tts.base-url", "PARLEY_TTS_BASE_URL");
    Optional<String> apiKey = reader.optionalString("parley.voice.tts.api-key");
    requireConfigured(tier, baseUrl.isPresent() || apiKey.isPresent(), "TTS", "parley.voice.tts.tier");
    return new Tts(tier, provider, baseUrl,
        reader.optionalString("parley.voice.tts.model").orElse(provider.model),
        reader.optionalString("parley.voice.tts.voice").orElse(provider.voice),
        apiKey,
        reader.decimal("parley.voice.tts.speed", "PARLEY_TTS_SPEED", 0.5, 2.0),
        reader.duration("parley.voice.tts.timeout", "PARLEY_TTS_TIMEOUT"),
        reader.string("parley.voice.tts.multilingual-model", "PARLEY_TTS_MULTILINGUAL_MODEL"));
  }

  private static Vad vad(SettingsReader reader) {
    Vad vad = new Vad(
        reader.choice("parley.voice.vad.engine", "PARLEY_VAD_ENGINE", VadEngine.class),
        reader.decimal("parley.voice.vad.activation", "PARLEY_VAD_ACTIVATION", 0, 1),
        reader.decimal("parley.voice.vad.deactivation", "PARLEY_VAD_DEACTIVATION", 0, 1),
        milliseconds(reader, "parley.voice.vad.min-speech-ms", "PARLEY_VAD_MIN_SPEECH_MS"),
        milliseconds(reader, "parley.voice.vad.end-of-utterance-ms", "PARLEY_VAD_END_OF_UTTERANCE_MS"),
        milliseconds(reader, "parley.voice.vad.barge-in-min-speech-ms", "PARLEY_VAD_BARGE_IN_MIN_SPEECH_MS"),
        reader.positiveInt("parley.voice.vad.energy-threshold", "PARLEY_VAD_ENERGY_THRESHOLD"),
        Duration.ofMillis(reader.nonNegativeInt("parley.voice.vad.complete-utterance-silence-ms",
            "PARLEY_VAD_COMPLETE_UTTERANCE_SILENCE_MS")),
        milliseconds(reader, "parley.voice.vad.unfinished-utterance-silence-ms", "PARLEY_VAD_UNFINISHED_UTTERANCE_SILENCE_MS"),
        milliseconds(reader, "parley.voice.vad.backchannel-max-speech-ms", "PARLEY_VAD_BACKCHANNEL_MAX_SPEECH_MS"));
    if (vad.completeUtteranceSilence().compareTo(vad.endOfUtterance()) > 0) {
      throw new InvalidSettingException("PARLEY_VAD_COMPLETE_UTTERANCE_SILENCE_MS ("
          + vad.completeUtteranceSilence().toMillis() + ") must not be above PARLEY_VAD_END_OF_UTTERANCE_MS ("
          + vad.endOfUtterance().toMillis() + "): a complete utterance ends sooner, e.g. 150 and 600");
    }
    if (vad.deactivation() > vad.activation()) {
      throw new InvalidSettingException("PARLEY_VAD_DEACTIVATION (" + vad.deactivation() + ") must not be above"
          + " PARLEY_VAD_ACTIVATION (" + vad.activation() + "): speech ends below the level it starts above,"
          + " e.g. 0.35 and 0.5");
    }
    return vad;
  }

  private static void requireConfigured(VoiceTier tier, boolean configured, String kind, String path) {
    if (tier == VoiceTier.PREMIUM && !configured) {
      throw new InvalidSettingException("PARLEY_" + kind + "_TIER (" + path + ") is premium, but no premium service is"
          + " configured: set PARLEY_" + kind + "_API_KEY, or PARLEY_" + kind + "_BASE_URL for a server that needs"
          + " no key; or set the tier to auto or local");
    }
  }

  private static Duration milliseconds(SettingsReader reader, String path, String env) {
    return Duration.ofMillis(reader.positiveInt(path, env));
  }
}
