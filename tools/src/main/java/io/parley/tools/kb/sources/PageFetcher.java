package io.parley.tools.kb.sources;

import io.parley.core.net.OutboundHttp;
import io.parley.core.net.RefusedAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;

/**
 * GETs of a source's pages through the node's {@link OutboundHttp}, so every address is checked by
 * the outbound policy as the socket connects and no redirect is followed (a redirect is a failure
 * naming where it pointed). Conditional when a page's validators are known: {@code If-None-Match}
 * with its ETag, {@code If-Modified-Since} with its Last-Modified; a 304 costs no body. Each host is
 * asked at most once per {@link HostPacing} interval; each exchange is bounded in time and bytes.
 */
final class PageFetcher {
  private final OutboundHttp http;
  private final HostPacing pacing;
  private final Duration timeout;

  PageFetcher(OutboundHttp http, HostPacing pacing, Duration timeout) {
    this.http = http;
    this.pacing = pacing;
    this.timeout = timeout;
  }

  /** @throws InterruptedException when the thread was interrupted: the node is stopping */
  Fetch get(URI url, Optional<String> etag, Optional<String> lastModified, int maxBytes) throws InterruptedException {
    Request.Builder request;
    try {
      request = new Request.Builder().url(OutboundHttp.target(url.toString())).get()
          .header("User-Agent", RobotsRules.AGENT + " (Parley knowledge sources)");
    } catch (IllegalArgumentException e) {
      return new Fetch.Failed("not an http or https URL");
    }
    etag.ifPresent(value -> request.header("If-None-Match", value));
    lastModified.ifPresent(value -> request.header("If-Modified-Since", value));
    pacing.await(url.getHost());
    Call call = http.call(request.build());
    call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try (Response response = call.execute()) {
      int status = response.code();
      if (status == 304) return new Fetch.NotModified();
      if (status == 404 || status == 410) return new Fetch.Gone(status);
      if (status >= 300 && status < 400) {
        return new Fetch.Failed("redirected (" + status + ") to " + response.header("Location", "nowhere")
            + "; give the source the page's own address");
      }
      if (status != 200) return new Fetch.Failed("answered " + status);
      try (InputStream body = response.body().byteStream()) {
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) return new Fetch.Failed("longer than " + maxBytes + " bytes");
        return new Fetch.Fetched(new String(bytes, StandardCharsets.UTF_8), bytes.length,
            Optional.ofNullable(response.header("Content-Type")), Optional.ofNullable(response.header("ETag")),
            Optional.ofNullable(response.header("Last-Modified")));
      }
    } catch (IOException e) {
      // An interrupt (the node stopping) closes a virtual thread's socket: not the page's failure.
      if (Thread.currentThread().isInterrupted()) throw new InterruptedException("stopped while fetching " + url);
      if (e instanceof InterruptedIOException) return new Fetch.Failed("timed out after " + timeout.toSeconds() + " s");
      return new Fetch.Failed(RefusedAddress.in(e).map(refused -> "refused by the outbound policy: " + refused.refusal())
          .orElseGet(() -> "could not be fetched: " + e.getMessage()));
    }
  }
}
