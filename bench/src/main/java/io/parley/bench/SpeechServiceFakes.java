package io.parley.bench;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.voice.testing.FakeSpeechServer;
import io.parley.voice.testing.FakeTranscriptionServer;
import java.util.HashMap;
import java.util.Map;

/**
 * What a voice or phone load's node talks to besides its callers, over loopback and at once: the
 * fake model, answering {@link #ANSWER}, and the fake premium speech services, hearing
 * {@link #QUESTION} in every upload.
 */
final class SpeechServiceFakes implements AutoCloseable {
  static final String QUESTION = "Where is my order now";
  static final String ANSWER = "Your order left our warehouse on Monday. It should arrive by Friday.";

  final FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> ANSWER);
  final FakeTranscriptionServer stt = FakeTranscriptionServer.start(upload -> QUESTION);
  final FakeSpeechServer tts = FakeSpeechServer.start();

  /**
   * The node's settings for these fakes: the model, message limits no caller reaches, and on the
   * {@code premium} tier the speech services (on the local one the node's own engines serve).
   */
  Map<String, String> nodeEnvironment(String tier) {
    Map<String, String> env = new HashMap<>(Map.of("PARLEY_LLM_BASE_URL", model.baseUrl().toString(),
        "PARLEY_LLM_MODEL", "bench", "PARLEY_SESSION_MESSAGES_PER_MINUTE", "100000",
        "PARLEY_SESSION_MESSAGE_BURST", "100000"));
    if (tier.equals("premium")) {
      // The fakes' base URLs end with /v1 already, as the settings want them.
      env.putAll(Map.of("PARLEY_STT_BASE_URL", stt.baseUrl().toString(), "PARLEY_STT_API_KEY", "bench",
          "PARLEY_TTS_BASE_URL", tts.baseUrl().toString(), "PARLEY_TTS_API_KEY", "bench"));
    }
    return env;
  }

  @Override
  public void close() {
    tts.close();
    stt.close();
    model.close();
  }
}
