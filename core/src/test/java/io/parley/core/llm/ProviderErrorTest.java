package io.parley.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProviderErrorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void findsTheMessageInEachServersErrorShape() {
    assertEquals("bad key", ProviderError.describe("{\"error\":{\"message\":\"bad key\",\"type\":\"auth\"}}", JSON));
    assertEquals("model \"x\" not found", ProviderError.describe("{\"error\":\"model \\\"x\\\" not found\"}", JSON));
    assertEquals("first; second",
        ProviderError.describe("{\"errors\":[{\"message\":\"first\"},{\"message\":\"second\"}],\"success\":false}", JSON));
    assertEquals("too long", ProviderError.describe("{\"object\":\"error\",\"message\":\"too long\",\"code\":400}", JSON));
    assertEquals("Invalid API key",
        ProviderError.describe("{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key\"}}", JSON));
    assertEquals("Not Found", ProviderError.describe("{\"detail\":\"Not Found\"}", JSON));
  }

  @Test
  void keepsBodiesWithoutAMessageButOnOneShortLine() {
    assertEquals("<html> <body>Bad Gateway</body> </html>",
        ProviderError.describe("<html>\n  <body>Bad Gateway</body>\n</html>\n", JSON));
    String huge = ProviderError.describe("x".repeat(10_000), JSON);
    assertEquals(ProviderError.MAX_MESSAGE_CHARS + 1, huge.length());
    assertTrue(huge.endsWith("…"));
  }

  @Test
  void classifiesByStatus() {
    assertEquals(LlmException.Kind.RATE_LIMITED, ProviderError.ofResponse(429, "{}", JSON).kind());
    assertEquals(LlmException.Kind.SERVER_ERROR, ProviderError.ofResponse(503, "{}", JSON).kind());
    assertEquals(LlmException.Kind.REJECTED, ProviderError.ofResponse(404, "{}", JSON).kind());
    assertEquals("HTTP 404: no such model", ProviderError.ofResponse(404, "{\"error\":\"no such model\"}", JSON).message());
  }
}
