package io.parley.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A fake model's answers for tests of staff translations: a request for the {@code translations}
 * schema is answered as a translator would, each text from a dictionary ({@code ?} for a text it
 * does not hold); any other request is echoed, as {@link FakeChatCompletionsServer} does.
 */
final class FakeTranslator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeTranslator() {}

  static Function<RecordedRequest, String> answering(Map<String, String> dictionary) {
    return request -> {
      if (!isTranslation(request)) return FakeChatCompletionsServer.echo(request);
      try {
        List<String> translated = new ArrayList<>();
        for (JsonNode text : JSON.readTree(request.lastUserMessage())) translated.add(dictionary.getOrDefault(text.asText(), "?"));
        return JSON.writeValueAsString(Map.of("translations", translated));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("not a JSON array of texts: " + request.lastUserMessage(), e);
      }
    };
  }

  static boolean isTranslation(RecordedRequest request) {
    return request.body().path("response_format").path("json_schema").path("name").asText().equals("translations");
  }
}
