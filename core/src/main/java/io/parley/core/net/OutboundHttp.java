package io.parley.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The node's HTTP client for the URLs tenants and the operator configure: tenants' webhooks, remote
 * tools, OpenID Connect discovery documents and JWKS. Every connection goes through the
 * {@link OutboundAddressPolicy}: the host is read as a browser reads it ({@link UrlHost}), its name
 * resolved once, and each address is checked as
 * the socket is about to connect to it, so what is checked is what is connected to. A refused
 * address fails the exchange with {@link RefusedAddress} (find it with {@link RefusedAddress#in})
 * before anything is sent. Redirects are not followed (a 3xx is an answer like any other: a
 * redirect to an internal address would otherwise get past the check of the first one), and no
 * proxy is used. Each exchange is bounded as a whole, from the name's lookup to the body's last byte.
 */
public final class OutboundHttp {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final MediaType JSON = MediaType.get("application/json");

  /**
   * An answer: its status, its {@code Content-Type} if it named one, and its body as UTF-8 text;
   * {@code cut} when the body was longer than the exchange allowed and only its beginning was read.
   */
  public record Answer(int status, Optional<String> contentType, String body, boolean cut) {
    public boolean successful() {
      return status >= 200 && status < 300;
    }
  }

  private final OkHttpClient http;

  public OutboundHttp(OutboundAddressPolicy policy) {
    this.http = new OkHttpClient.Builder()
        .socketFactory(new CheckedSockets(policy))
        .dns(new HostLookup())
        .proxy(Proxy.NO_PROXY)
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(CONNECT_TIMEOUT)
        // Each call's own timeout bounds the whole exchange; a read or write in it needs no other bound.
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .build();
  }

  /**
   * POSTs {@code json} with {@code headers}, within {@code timeout}.
   *
   * @throws java.io.InterruptedIOException when the timeout passed
   * @throws IOException when it could not be sent or its answer read, {@link RefusedAddress} among them
   */
  public Answer postJson(URI url, Map<String, String> headers, String json, Duration timeout) throws IOException {
    Request.Builder request = new Request.Builder().url(target(url.toString()))
        // As bytes: from a String, OkHttp would add "; charset=utf-8" to the type, which JSON does not take.
        .post(RequestBody.create(json.getBytes(StandardCharsets.UTF_8), JSON));
    headers.forEach(request::header);
    return exchange(request.build(), timeout, Optional.empty(), false);
  }

  /**
   * {@link #postJson} whose answer's body is read to {@code maxBytes} at most: a longer one is
   * {@linkplain Answer#cut cut} there, and the connection closed, so a server cannot make the node
   * read without end.
   */
  public Answer postJson(URI url, Map<String, String> headers, String json, Duration timeout, int maxBytes)
      throws IOException {
    Request.Builder request = new Request.Builder().url(target(url.toString()))
        .post(RequestBody.create(json.getBytes(StandardCharsets.UTF_8), JSON));
    headers.forEach(request::header);
    return exchange(request.build(), timeout, Optional.of(maxBytes), true);
  }

  /**
   * POSTs {@code form} as {@code application/x-www-form-urlencoded} (an OAuth token request), within
   * {@code timeout}; a body longer than {@code maxBytes} is an {@code IOException}.
   */
  public Answer postForm(URI url, Map<String, String> form, Duration timeout, int maxBytes) throws IOException {
    FormBody.Builder body = new FormBody.Builder();
    form.forEach(body::add);
    Request request = new Request.Builder().url(target(url.toString())).header("Accept", "application/json")
        .post(body.build()).build();
    return exchange(request, timeout, Optional.of(maxBytes), false);
  }

  /**
   * A call of {@code request} on the node's checked connections, for an exchange that streams (an
   * MCP server's event stream): the caller sets its timeout, reads its body as it comes, and closes it.
   */
  public Call call(Request request) {
    return http.newCall(request);
  }

  /**
   * GETs {@code url}, within {@code timeout}; a body longer than {@code maxBytes} is an {@code IOException}.
   *
   * @throws IOException as {@link #postJson} does
   */
  public Answer get(URI url, Duration timeout, int maxBytes) throws IOException {
    return exchange(new Request.Builder().url(target(url.toString())).get().build(), timeout, Optional.of(maxBytes), false);
  }

  /**
   * {@code url} as the client takes it, with its host as a browser and the outbound policy read it
   * ({@link UrlHost}): OkHttp reads {@code 0177.0.0.1} as 177.0.0.1 where they read 127.0.0.1, so
   * the host is written in its canonical form first. A host no browser takes is left for the lookup
   * to fail. Every request to a configured URL is built on this.
   *
   * @throws IllegalArgumentException when {@code url} is no http or https URL
   */
  public static HttpUrl target(String url) {
    HttpUrl parsed = HttpUrl.get(url);
    try {
      return parsed.newBuilder().host(switch (UrlHost.of(URI.create(url))) {
        case UrlHost.Address address -> AddressText.of(address.address());
        case UrlHost.Name name -> name.ascii();
      }).build();
    } catch (IllegalArgumentException e) {
      return parsed;
    }
  }

  /** {@code cutLonger}: a body over {@code maxBytes} is cut there rather than refused. */
  private Answer exchange(Request request, Duration timeout, Optional<Integer> maxBytes, boolean cutLonger)
      throws IOException {
    Call call = http.newCall(request);
    call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try (Response response = call.execute(); InputStream body = response.body().byteStream()) {
      byte[] bytes = maxBytes.isPresent() ? body.readNBytes(maxBytes.get() + 1) : body.readAllBytes();
      boolean longer = maxBytes.isPresent() && bytes.length > maxBytes.get();
      if (longer && !cutLonger) {
        throw new IOException(request.url().host() + " answered with more than " + maxBytes.get() + " bytes");
      }
      // Closing the body unread closes the connection: the rest is never read.
      return new Answer(response.code(), Optional.ofNullable(response.header("Content-Type")),
          new String(bytes, 0, longer ? maxBytes.get() : bytes.length, StandardCharsets.UTF_8), longer);
    }
  }
}
