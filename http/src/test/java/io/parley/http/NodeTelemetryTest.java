package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.testing.LoopbackHttpServers;
import io.parley.core.trace.Tracing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tracing is off until the standard OTEL_* settings name an exporter or an endpoint; then spans
 * reach an OTLP receiver over HTTP; a bad value stops the node at start, naming the settings.
 * (The settings are given as otel.* system properties, which the SDK reads like the variables.)
 */
class NodeTelemetryTest {
  private static final List<String> PROPERTIES = List.of("otel.exporter.otlp.endpoint", "otel.exporter.otlp.protocol",
      "otel.traces.sampler");

  @AfterEach
  void clear() {
    PROPERTIES.forEach(System::clearProperty);
  }

  @Test
  void offWithoutAnExporterOrEndpoint() {
    assertEquals(Optional.empty(), NodeTelemetry.fromEnvironment());
  }

  @Test
  void spansGoToTheOtlpEndpointTheSettingsName() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = LoopbackHttpServers.create();
    receiver.createContext("/v1/traces", exchange -> {
      received.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    try {
      System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + receiver.getAddress().getPort());
      System.setProperty("otel.exporter.otlp.protocol", "http/protobuf");
      OpenTelemetrySdk sdk = NodeTelemetry.fromEnvironment().orElseThrow();
      Tracing.of(sdk, "parley@127.0.0.1:25520").start("chat.user_message", SpanKind.SERVER, Optional.empty()).end();
      sdk.close();
      assertEquals(1, received.size(), "closing flushes the batch");
      assertTrue(received.get(0).startsWith("application/x-protobuf"), received.get(0));
      assertTrue(received.get(0).contains("chat.user_message") && received.get(0).contains("parley"), received.get(0));
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void anInvalidSettingStopsTheStartNamingIt() {
    System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:4318");
    System.setProperty("otel.traces.sampler", "sometimes");
    InvalidSettingException refused = assertThrows(InvalidSettingException.class, NodeTelemetry::fromEnvironment);
    assertTrue(refused.getMessage().startsWith("OTEL_*") && refused.getMessage().contains("sometimes"),
        refused.getMessage());
  }
}
