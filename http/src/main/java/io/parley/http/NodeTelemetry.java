package io.parley.http;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.parley.core.config.InvalidSettingException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The node's OpenTelemetry (docs/tracing.md), configured by the standard {@code OTEL_*} variables
 * (or {@code otel.*} system properties) through the SDK's autoconfiguration. Off by default: traces
 * are exported only once an exporter or an OTLP endpoint is named. Only traces; the node's metrics
 * stay on {@code /metrics} and its logs on stdout.
 */
final class NodeTelemetry {
  private static final List<String> TURNED_ON_BY = List.of(
      "OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");

  private NodeTelemetry() {}

  /**
   * The SDK the environment asks for, or empty when it names no exporter or endpoint (or disables
   * the SDK): then spans cost nothing and nothing is sent.
   *
   * @throws InvalidSettingException naming the problem when an {@code OTEL_*} value is invalid
   */
  static Optional<OpenTelemetrySdk> fromEnvironment() {
    if (TURNED_ON_BY.stream().noneMatch(NodeTelemetry::isSet) || "true".equalsIgnoreCase(value("OTEL_SDK_DISABLED"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(() -> Map.of(
              "otel.service.name", "parley",
              "otel.metrics.exporter", "none",
              "otel.logs.exporter", "none"))
          .build()
          .getOpenTelemetrySdk());
    } catch (ConfigurationException e) {
      throw new InvalidSettingException("OTEL_* (tracing, docs/tracing.md): " + e.getMessage());
    }
  }

  private static boolean isSet(String variable) {
    String value = value(variable);
    return value != null && !value.isBlank();
  }

  private static String value(String variable) {
    String property = System.getProperty(variable.toLowerCase(Locale.ROOT).replace('_', '.'));
    return property != null ? property : System.getenv(variable);
  }
}
