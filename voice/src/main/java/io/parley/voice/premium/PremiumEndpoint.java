package io.parley.voice.premium;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a premium speech service lives: the base URL up to and including the version segment, as
 * for the model providers ({@code https://api.openai.com/v1}, {@code https://api.groq.com/openai/v1},
 * {@code https://api.elevenlabs.io/v1}), the model, the key when the service wants one, and how long
 * to wait for it: for a transcript, the whole answer; for speech, the first audio and each gap after it.
 */
public record PremiumEndpoint(URI baseUrl, String model, Optional<String> apiKey, Duration timeout) {
  public PremiumEndpoint {
    String scheme = Objects.requireNonNull(baseUrl, "baseUrl").getScheme();
    if (baseUrl.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL such as https://api.openai.com/v1, got " + baseUrl);
    }
    String url = baseUrl.toString();
    if (url.endsWith("/")) {
      baseUrl = URI.create(url.substring(0, url.length() - 1));
    }
    if (Objects.requireNonNull(model, "model").isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    Objects.requireNonNull(apiKey, "apiKey");
    if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** {@code baseUrl} followed by {@code path}, which starts with a slash. */
  URI resolve(String path) {
    return URI.create(baseUrl + path);
  }

  /** Leaves the key out: endpoints end up in logs and error messages. */
  @Override
  public String toString() {
    return "PremiumEndpoint[baseUrl=" + baseUrl + ", model=" + model
        + ", apiKey=" + (apiKey.isPresent() ? "(set)" : "(none)") + ", timeout=" + timeout + "]";
  }
}
