package io.parley.voice.premium;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.ProviderError;
import io.parley.voice.speech.Transcript;

/**
 * Reads the answer of {@code POST /audio/transcriptions}: {@code {"text": ...}} for {@code json},
 * and with {@code segments} for {@code verbose_json}, whose {@code avg_logprob} and
 * {@code no_speech_prob} give the confidence.
 */
final class TranscriptionAnswer {
  private TranscriptionAnswer() {}

  /** @throws IllegalArgumentException saying what is wrong with {@code body}, quoting its start */
  static Transcript read(String body) {
    JsonNode answer;
    try {
      answer = PremiumService.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      answer = null;
    }
    if (answer == null || !answer.path("text").isTextual()) {
      throw new IllegalArgumentException("expected a JSON object with a \"text\" field, got: "
          + ProviderError.describe(body, PremiumService.JSON));
    }
    return new Transcript(answer.get("text").asText(), confidence(answer.path("segments")), true);
  }

  /**
   * The segments' mean of {@code exp(avg_logprob) * (1 - no_speech_prob)}, each weighted by its
   * length: the chance the tokens are right and that it was speech at all. 1 without segments, as
   * the port asks of engines that give no confidence.
   */
  static double confidence(JsonNode segments) {
    double weighted = 0;
    double weights = 0;
    for (JsonNode segment : segments) {
      double tokens = segment.path("avg_logprob").isNumber() ? Math.exp(segment.get("avg_logprob").asDouble()) : 1;
      double speech = segment.path("no_speech_prob").isNumber() ? 1 - segment.get("no_speech_prob").asDouble() : 1;
      double length = segment.path("end").asDouble(0) - segment.path("start").asDouble(0);
      double weight = length > 0 ? length : 1;
      weighted += weight * tokens * speech;
      weights += weight;
    }
    return weights == 0 ? 1 : Math.max(0, Math.min(1, weighted / weights));
  }
}
