package io.parley.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LlmEndpointTest {
  @Test
  void appendsThePathToABaseUrlWithOrWithoutATrailingSlash() {
    URI expected = URI.create("http://127.0.0.1:11434/v1/chat/completions");
    assertEquals(expected, endpoint("http://127.0.0.1:11434/v1").chatCompletionsUrl());
    assertEquals(expected, endpoint("http://127.0.0.1:11434/v1/").chatCompletionsUrl());
  }

  @Test
  void keepsTheKeyOutOfItsStringForm() {
    LlmEndpoint endpoint = new LlmEndpoint("workers-ai",
        URI.create("https://api.cloudflare.com/client/v4/accounts/abc/ai/v1"), "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
        Optional.of("s3cr3t"));
    assertFalse(endpoint.toString().contains("s3cr3t"), endpoint.toString());
  }

  @Test
  void refusesUrlsThatAreNotHttp() {
    assertThrows(IllegalArgumentException.class, () -> endpoint("ftp://example.com/v1"));
    assertThrows(IllegalArgumentException.class, () -> endpoint("/v1"));
  }

  private static LlmEndpoint endpoint(String baseUrl) {
    return new LlmEndpoint("local", URI.create(baseUrl), "llama3.2", Optional.empty());
  }
}
