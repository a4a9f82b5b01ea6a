package io.parley.voice;

import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.voice.premium.ElevenLabsSpeech;
import io.parley.voice.premium.OpenAiSpeech;
import io.parley.voice.premium.OpenAiTranscription;
import io.parley.voice.premium.PremiumEndpoint;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.TextToSpeech;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speech engines a node's calls use, chosen by the tiers in {@link VoiceSettings}: the local
 * engine alone, or the premium service with the local engine standing in for it
 * ({@link FallbackSpeechToText}, {@link FallbackTextToSpeech}), logged as {@code <premium>><local>}. The local engines are made by the
 * caller and stay its own; the premium clients made here are closed by {@link #close()}.
 */
record VoiceEngines(SpeechToText speechToText, TextToSpeech textToSpeech, List<AutoCloseable> premiumClients)
    implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VoiceEngines.class);

  /**
   * Contacts no service: a node starts while its premium services are down.
   *
   * @param registry where {@code parley_voice_fallbacks_total} is registered
   */
  static VoiceEngines create(VoiceSettings settings, SpeechToText localSpeechToText,
      TextToSpeech localTextToSpeech, DependencyBreakers breakers, PrometheusRegistry registry) {
    List<AutoCloseable> premiumClients = new ArrayList<>();
    try {
      VoiceFallbacks fallbacks = new VoiceFallbacks(registry);
      VoiceSettings.Stt stt = settings.stt();
      VoiceSettings.Tts tts = settings.tts();
      SpeechToText hearing = stt.usesPremium()
          ? new FallbackSpeechToText(closedLater(new OpenAiTranscription(stt.endpoint(), stt.responseFormat()),
              premiumClients), localSpeechToText, breakers, fallbacks)
          : localSpeechToText;
      TextToSpeech speaking = tts.usesPremium()
          ? new FallbackTextToSpeech(premiumTextToSpeech(tts, premiumClients), localTextToSpeech, breakers, fallbacks)
          : localTextToSpeech;
      LOG.info("speech to text: {}{}", hearing.name(), stt.usesPremium() ? " (" + where(stt.endpoint()) + ")" : "");
      LOG.info("text to speech: {}{}", speaking.name(),
          tts.usesPremium() ? " (voice " + tts.voice() + ", " + where(tts.endpoint()) + ")" : "");
      return new VoiceEngines(hearing, speaking, List.copyOf(premiumClients));
    } catch (RuntimeException e) {
      close(premiumClients);
      throw e;
    }
  }

  private static TextToSpeech premiumTextToSpeech(VoiceSettings.Tts tts, List<AutoCloseable> premiumClients) {
    return switch (tts.provider()) {
      case OPENAI -> closedLater(new OpenAiSpeech(tts.endpoint(), tts.voice()), premiumClients);
      case ELEVENLABS -> closedLater(new ElevenLabsSpeech(tts.endpoint(), tts.voice(), tts.multilingualModel()),
          premiumClients);
    };
  }

  /** A premium service's model and address, for the log: the key never. */
  private static String where(PremiumEndpoint endpoint) {
    return endpoint.model() + " at " + endpoint.baseUrl();
  }

  private static <T extends AutoCloseable> T closedLater(T client, List<AutoCloseable> premiumClients) {
    premiumClients.add(client);
    return client;
  }

  /** Closes the premium clients, which cancels their calls still running; the local engines stay open. */
  @Override
  public void close() {
    close(premiumClients);
  }

  private static void close(List<AutoCloseable> premiumClients) {
    for (AutoCloseable client : premiumClients) {
      try {
        client.close();
      } catch (Exception e) {
        LOG.warn("a premium speech client did not close cleanly", e);
      }
    }
  }
}
