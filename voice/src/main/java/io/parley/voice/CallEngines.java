package io.parley.voice;

import io.parley.voice.media.VoiceActivityDetector;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.TextToSpeech;

/**
 * The engines a call hears and speaks with: shared by every call of the node, each call opening its
 * own streams. {@code textToSpeech} is the node's tier (the premium engine with the local one
 * standing in, or the local one alone); {@code localTextToSpeech} the local one, which a tenant's
 * tier policy may choose instead.
 */
public record CallEngines(SpeechToText speechToText, TextToSpeech textToSpeech, TextToSpeech localTextToSpeech,
    VoiceActivityDetector voiceActivity) {

  /** Whether the node speaks by a premium engine at all: only then is there a tier to choose. */
  public boolean hasPremiumSpeech() {
    return textToSpeech != localTextToSpeech;
  }

  /**
   * The engines of one call of {@code tenant}: the premium tiers count the call's fallbacks under the
   * tenant ({@code parley_voice_fallbacks_total}); local engines are as they are. A tenant whose budget
   * in money is spent ({@code budgetSpent}) is heard by the local engine alone, as its answers are
   * spoken by it (docs/operations.md#budgets).
   */
  CallEngines forTenant(String tenant, boolean budgetSpent) {
    SpeechToText hearing = speechToText instanceof FallbackSpeechToText tier
        ? (budgetSpent ? tier.tiering().local() : tier.forTenant(tenant)) : speechToText;
    TextToSpeech speaking = textToSpeech instanceof FallbackTextToSpeech tier ? tier.forTenant(tenant) : textToSpeech;
    return new CallEngines(hearing, speaking, localTextToSpeech, voiceActivity);
  }
}
