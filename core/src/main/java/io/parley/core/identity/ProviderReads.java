package io.parley.core.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.ResourceRetriever;
import io.parley.core.net.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The node's reads of identity providers: each on a virtual thread of its own, never on a thread
 * that serves requests, and ended at its deadline however slowly the provider answers (its
 * socket's read timeout alone would let a provider that sends a byte now and then hold it for ever);
 * each through the node's {@link OutboundHttp}, which connects only to addresses the outbound policy
 * allows and follows no redirect.
 */
final class ProviderReads {
  private static final int MAX_BYTES = 256 * 1024;

  /** A read that blocks on the network. */
  interface BlockingRead<K, V> {
    V read(K key) throws IOException;
  }

  private ProviderReads() {}

  /** Runs {@code read} on a virtual thread, interrupted (which closes its socket) when {@code deadline} passes. */
  static <K, V> Function<K, CompletableFuture<V>> bounded(BlockingRead<K, V> read, Duration deadline) {
    return key -> {
      CompletableFuture<V> result = new CompletableFuture<>();
      Thread reader = Thread.ofVirtual().name("identity-provider-read").unstarted(() -> {
        try {
          result.complete(read.read(key));
        } catch (IOException | RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
      result.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).whenComplete((document, failure) -> {
        if (failure instanceof TimeoutException) reader.interrupt();
      });
      reader.start();
      return result;
    };
  }

  /** Reads over HTTP(S) through {@code http}, each read within {@code timeout} as a whole, at most 256 KiB. */
  static ResourceRetriever retriever(OutboundHttp http, Duration timeout) {
    return new OutboundRetriever(http, timeout, MAX_BYTES);
  }

  /** The public keys of the JWK set at {@code url}. */
  static JWKSet keySet(ResourceRetriever retriever, String url) throws IOException {
    JWKSet keys;
    try {
      keys = JWKSet.parse(retriever.retrieveResource(URI.create(url).toURL()).getContent());
    } catch (ParseException e) {
      throw new IOException("not a JWK set: " + e.getMessage(), e);
    }
    if (keys.getKeys().isEmpty()) throw new IOException("the JWK set holds no keys");
    return keys.toPublicJWKSet();
  }
}
