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
 * ({@link FallbackSpeechToText}, {@link FallbackTextToSpeech}). The local engines are made by the
 * caller and stay its own; the premium clients made here are closed by {@link #close()}.
 */
final class VoiceEngines implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VoiceEngines.class);

  private final SpeechToText speechToText;
  private final TextToSpeech textToSpeech;
  private final List<AutoCloseable> premiumClients;

  private VoiceEngines(SpeechToText speechToText, TextToSpeech textToSpeech, List<AutoCloseable> premiumClients) {
    this.speechToText = speechToText;
    this.textToSpeech = textToSpeech;
    this.premiumClients = premiumClients;
  }

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
      return new VoiceEngines(
          speechToText(settings.stt(), localSpeechToText, breakers, fallbacks, premiumClients),
          textToSpeech(settings.tts(), localTextToSpeech, breakers, fallbacks, premiumClients),
          List.copyOf(premiumClients));
    } catch (RuntimeException e) {
      close(premiumClients);
      throw e;
    }
  }

  private static SpeechToText speechToText(VoiceSettings.Stt stt, SpeechToText local, DependencyBreakers breakers,
      VoiceFallbacks fallbacks, List<AutoCloseable> premiumClients) {
    if (!stt.usesPremium()) {
      LOG.info("speech to text: {}, local", local.name());
      return local;
    }
    PremiumEndpoint endpoint = stt.endpoint();
    SpeechToText premium = closedLater(new OpenAiTranscription(endpoint, stt.responseFormat()), premiumClients);
    LOG.info("speech to text: {} ({} at {}), {} standing in when it fails", premium.name(), endpoint.model(),
        endpoint.baseUrl(), local.name());
    return new FallbackSpeechToText(premium, local, breakers, fallbacks);
  }

  private static TextToSpeech textToSpeech(VoiceSettings.Tts tts, TextToSpeech local, DependencyBreakers breakers,
      VoiceFallbacks fallbacks, List<AutoCloseable> premiumClients) {
    if (!tts.usesPremium()) {
      LOG.info("text to speech: {}, local", local.name());
      return local;
    }
    PremiumEndpoint endpoint = tts.endpoint();
    TextToSpeech premium = switch (tts.provider()) {
      case OPENAI -> closedLater(new OpenAiSpeech(endpoint, tts.voice()), premiumClients);
      case ELEVENLABS -> closedLater(new ElevenLabsSpeech(endpoint, tts.voice(), tts.multilingualModel()), premiumClients);
    };
    LOG.info("text to speech: {} ({}, voice {}, at {}), {} standing in when it fails", premium.name(),
        endpoint.model(), tts.voice(), endpoint.baseUrl(), local.name());
    return new FallbackTextToSpeech(premium, local, breakers, fallbacks);
  }

  private static <T extends AutoCloseable> T closedLater(T client, List<AutoCloseable> premiumClients) {
    premiumClients.add(client);
    return client;
  }

  public SpeechToText speechToText() {
    return speechToText;
  }

  public TextToSpeech textToSpeech() {
    return textToSpeech;
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
