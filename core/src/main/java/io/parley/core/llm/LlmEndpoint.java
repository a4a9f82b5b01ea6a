package io.parley.core.llm;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an OpenAI-compatible chat-completions server lives: a name for logs and metrics, the base
 * URL up to and including the version segment (Ollama: {@code http://127.0.0.1:11434/v1},
 * Workers AI: {@code https://api.cloudflare.com/client/v4/accounts/<id>/ai/v1}), the model, and
 * the bearer key when the server wants one.
 */
public record LlmEndpoint(String name, URI baseUrl, String model, Optional<String> apiKey) {
  public LlmEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(apiKey, "apiKey");
    String scheme = Objects.requireNonNull(baseUrl, "baseUrl").getScheme();
    if (baseUrl.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL such as http://127.0.0.1:11434/v1, got " + baseUrl);
    }
    String url = baseUrl.toString();
    if (url.endsWith("/")) {
      baseUrl = URI.create(url.substring(0, url.length() - 1));
    }
  }

  public URI chatCompletionsUrl() {
    return URI.create(baseUrl + "/chat/completions");
  }

  /** Leaves the key out: endpoints end up in logs and error messages. */
  @Override
  public String toString() {
    return "LlmEndpoint[name=" + name + ", baseUrl=" + baseUrl + ", model=" + model
        + ", apiKey=" + (apiKey.isPresent() ? "(set)" : "(none)") + "]";
  }
}
