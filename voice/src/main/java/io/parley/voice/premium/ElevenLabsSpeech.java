package io.parley.voice.premium;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.voice.speech.SpeechLanguage;
import io.parley.voice.speech.SpeechRequest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Text to speech through ElevenLabs' {@code POST /text-to-speech/{voice_id}/stream}, asking for
 * {@code pcm_16000}: raw PCM16 little-endian mono at 16 kHz, streamed as it is made. The key goes
 * in ElevenLabs' own {@code xi-api-key} header.
 *
 * <p>A sentence in a language other than English goes to the multilingual model (by default
 * {@code eleven_multilingual_v2}); the models that enforce a language are told it as
 * {@code language_code} (ISO 639-1), the others tell it from the text and refuse the field.
 *
 * <p>Owns an HTTP client and a timer thread; {@link #close()} cancels the syntheses still running.
 */
public final class ElevenLabsSpeech extends PremiumSpeech {
  /** The rate asked for with {@code output_format}; the phone path needs no more. */
  public static final int SAMPLE_RATE = 16_000;
  /** The models that take {@code language_code}. */
  static final Set<String> LANGUAGE_ENFORCING = Set.of("eleven_flash_v2_5", "eleven_turbo_v2_5");

  private final String multilingualModel;

  /**
   * @param defaultVoiceId the voice of requests that name none: an ElevenLabs voice id
   * @param multilingualModel the model of requests in a language other than English
   */
  public ElevenLabsSpeech(PremiumEndpoint endpoint, String defaultVoiceId, String multilingualModel) {
    super("elevenlabs", endpoint, defaultVoiceId, SAMPLE_RATE);
    this.multilingualModel = multilingualModel;
  }

  @Override
  String path(SpeechRequest request) {
    String voice = URLEncoder.encode(request.voice().orElse(defaultVoice), StandardCharsets.UTF_8).replace("+", "%20");
    return "/text-to-speech/" + voice + "/stream?output_format=pcm_" + SAMPLE_RATE;
  }

  @Override
  ObjectNode body(SpeechRequest request) {
    String language = request.languageOrEnglish();
    String model = SpeechLanguage.isEnglish(language) ? service.endpoint().model() : multilingualModel;
    ObjectNode body = PremiumService.JSON.createObjectNode()
        .put("text", request.text())
        .put("model_id", model);
    if (request.language().isPresent() && LANGUAGE_ENFORCING.contains(model)) body.put("language_code", language);
    if (request.speed() != 1.0) {
      // Only when asked: the voice's own settings apply otherwise, and ElevenLabs takes a narrower range than OpenAI.
      body.putObject("voice_settings").put("speed", request.speed());
    }
    return body;
  }

  @Override
  void authorize(HttpRequest.Builder post, String apiKey) {
    post.header("xi-api-key", apiKey);
  }
}
