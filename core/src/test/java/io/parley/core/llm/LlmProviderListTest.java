package io.parley.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LlmProviderListTest {
  @Test
  void readsTheProvidersInOrderWithTheKeyOptional() {
    List<LlmEndpoint> providers = LlmProviderList.parse("""
        [{"name": "workers-ai", "baseUrl": "https://api.cloudflare.com/client/v4/accounts/abc/ai/v1/",
          "model": "@cf/meta/llama-3.3-70b-instruct-fp8-fast", "apiKey": "s3cr3t"},
         {"name": "ollama", "baseUrl": "http://127.0.0.1:11434/v1", "model": "llama3.3"},
         {"name": "vllm", "baseUrl": "http://10.0.0.7:8000/v1", "model": "m", "apiKey": ""}]
        """);
    assertEquals(List.of("workers-ai", "ollama", "vllm"), providers.stream().map(LlmEndpoint::name).toList());
    assertEquals(URI.create("https://api.cloudflare.com/client/v4/accounts/abc/ai/v1"), providers.get(0).baseUrl());
    assertEquals("@cf/meta/llama-3.3-70b-instruct-fp8-fast", providers.get(0).model());
    assertEquals(Optional.of("s3cr3t"), providers.get(0).apiKey());
    assertEquals(Optional.empty(), providers.get(1).apiKey());
    assertEquals(Optional.empty(), providers.get(2).apiKey(), "an empty key is no key, as with PARLEY_LLM_API_KEY");
  }

  @Test
  void saysWhatIsWrongAndInWhichEntry() {
    assertProblem("not valid JSON (line 1, column 3)", "[{");
    assertProblem("expected a JSON array, got an object", "{\"name\":\"a\"}");
    assertProblem("the array is empty: list at least one provider", "[]");
    assertProblem("entry 1: expected an object, got a string", "[\"http://127.0.0.1:11434/v1\"]");
    assertProblem("entry 2: name must be a non-empty string, got nothing",
        "[" + ok("a") + ", {\"baseUrl\":\"http://h/v1\",\"model\":\"m\"}]");
    assertProblem("entry 1 (\"a\"): model must be a non-empty string, got a number",
        "[{\"name\":\"a\",\"baseUrl\":\"http://h/v1\",\"model\":3}]");
    assertProblem("entry 1 (\"a\"): baseUrl must be an http:// or https:// URL such as http://127.0.0.1:11434/v1, "
        + "got 'localhost:11434'", "[{\"name\":\"a\",\"baseUrl\":\"localhost:11434\",\"model\":\"m\"}]");
    assertProblem("entry 1 (\"a\"): unknown field \"api_key\"; the fields are name, baseUrl, model and apiKey",
        "[{\"name\":\"a\",\"baseUrl\":\"http://h/v1\",\"model\":\"m\",\"api_key\":\"k\"}]");
    assertProblem("entry 1 (\"a b\"): name must be 1-64 letters, digits, '.', '_' or '-'",
        "[{\"name\":\"a b\",\"baseUrl\":\"http://h/v1\",\"model\":\"m\"}]");
    assertProblem("entry 3: name \"a\" is already the name of entry 1; names must be unique",
        "[" + ok("a") + "," + ok("b") + "," + ok("a") + "]");
    assertProblem("entry 1 (\"a\"): apiKey must be a string, got a number",
        "[{\"name\":\"a\",\"baseUrl\":\"http://h/v1\",\"model\":\"m\",\"apiKey\":12345}]");
  }

  @Test
  void neverQuotesAKey() {
    for (String json : List.of(
        "[{\"name\":\"a\",\"baseUrl\":\"http://h/v1\",\"model\":\"m\",\"apiKey\":sk-live-123}]",
        "[{\"name\":\"a\",\"baseUrl\":\"http://h/v1\",\"model\":\"m\",\"apiKey\":\"sk-live-123\"",
        "[{\"name\":\"a\",\"baseUrl\":\"http://h/v1\",\"model\":\"m\",\"apiKey\":\"sk-live-123\",\"apiKey\":\"sk-live-123\"}]",
        "[\"sk-live-123\"]")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmProviderList.parse(json));
      assertFalse(e.getMessage().contains("sk-live-123"), e.getMessage());
    }
  }

  private static String ok(String name) {
    return "{\"name\":\"" + name + "\",\"baseUrl\":\"http://127.0.0.1:11434/v1\",\"model\":\"m\"}";
  }

  private static void assertProblem(String expected, String json) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> LlmProviderList.parse(json)).getMessage());
  }
}
