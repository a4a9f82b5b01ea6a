package io.parley.http;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import io.parley.core.identity.OriginPolicy;
import io.parley.core.limits.ConnectionLimits;
import io.parley.core.limits.SessionStartLimits;
import io.parley.core.llm.LlmClientSettings;
import io.parley.core.llm.LlmEndpoint;
import io.parley.core.llm.LlmProviderList;
import io.parley.frontdoor.PortLimits;
import io.parley.voice.local.LocalSpeechEngine;
import io.parley.voice.local.LocalVoiceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's edge settings (HTTP, chat limits, the model providers), validated at start-up.
 *
 * @param llm the model providers in the order to try them; empty means offline mode
 * @param llmMaxConcurrentCalls model calls the node runs at once before it sheds load
 * @param sessionStarts new conversations per minute per client address and per tenant
 * @param connections sockets open at once per client address and per tenant
 * @param clientAddressHeader the proxy's header that names the client, when there is a proxy
 * @param portLimits the HTTP port's deadlines and bounds on each client before and while it is served
 * @param heapReturn how a quiet node gives unused heap back to the operating system
 */
record NodeSettings(
    String httpHost,
    int httpPort,
    PortLimits portLimits,
    long maxTextBytes,
    String defaultTenant,
    Duration askTimeout,
    Duration startTimeout,
    OriginPolicy allowedOrigins,
    SessionStartLimits sessionStarts,
    ConnectionLimits connections,
    Optional<String> clientAddressHeader,
    Duration readinessTimeout,
    List<LlmEndpoint> llm,
    LlmClientSettings llmClient,
    int llmMaxConcurrentCalls,
    boolean voiceWarmUp,
    LocalVoiceSettings localVoice,
    IdleHeapReturn heapReturn) {

  static NodeSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    // logback reads PARLEY_LOG_FORMAT itself; a value it has no appender for would silence the node.
    reader.optionalString("parley.log.format", "PARLEY_LOG_FORMAT", "text or json",
        format -> format.equals("text") || format.equals("json"));
    String tenant = reader.string("parley.chat.default-tenant", "PARLEY_DEFAULT_TENANT");
    if (!io.parley.core.session.SessionId.isValidTenant(tenant)) {
      throw new InvalidSettingException("PARLEY_DEFAULT_TENANT (parley.chat.default-tenant): expected 1-63 characters "
          + "of a-z, 0-9 and '-', got '" + tenant + "'");
    }
    return new NodeSettings(
        reader.string("parley.http.host", "PARLEY_HTTP_HOST"),
        reader.port("parley.http.port", "PARLEY_HTTP_PORT"),
        new PortLimits(
            reader.duration("parley.http.head-timeout", "PARLEY_HTTP_HEAD_TIMEOUT"),
            reader.positiveInt("parley.http.unfinished-heads-per-address", "PARLEY_HTTP_UNFINISHED_HEADS_PER_ADDRESS"),
            reader.positiveInt("parley.http.unfinished-heads", "PARLEY_HTTP_UNFINISHED_HEADS"),
            reader.duration("parley.http.write-timeout", "PARLEY_HTTP_WRITE_TIMEOUT"),
            reader.nonNegativeInt("parley.http.connections-per-address", "PARLEY_HTTP_CONNECTIONS_PER_ADDRESS"),
            reader.decimal("parley.http.idle-close-above", "PARLEY_HTTP_IDLE_CLOSE_ABOVE", 0.01, 1)),
        reader.bytes("parley.chat.max-text-size", "PARLEY_MAX_TEXT_SIZE"),
        tenant,
        reader.duration("parley.chat.ask-timeout", "PARLEY_ASK_TIMEOUT"),
        reader.duration("parley.chat.start-timeout", "PARLEY_CHAT_START_TIMEOUT"),
        allowedOrigins(reader.optionalString("parley.chat.allowed-origins").orElse("")),
        new SessionStartLimits(
            reader.nonNegativeInt("parley.chat.session-starts-per-address", "PARLEY_SESSION_STARTS_PER_ADDRESS"),
            reader.nonNegativeInt("parley.chat.session-starts-per-tenant", "PARLEY_SESSION_STARTS_PER_TENANT")),
        new ConnectionLimits(
            reader.nonNegativeInt("parley.chat.connections-per-address", "PARLEY_CONNECTIONS_PER_ADDRESS"),
            reader.nonNegativeInt("parley.chat.connections-per-tenant", "PARLEY_CONNECTIONS_PER_TENANT")),
        reader.optionalString("parley.chat.client-address-header", "PARLEY_CLIENT_ADDRESS_HEADER",
            "an HTTP header name such as X-Forwarded-For", raw -> raw.matches("[A-Za-z0-9-]+")),
        reader.duration("parley.health.readiness-timeout", "PARLEY_READINESS_TIMEOUT"),
        llmProviders(reader),
        new LlmClientSettings(
            reader.duration("parley.llm.connect-timeout", "PARLEY_LLM_CONNECT_TIMEOUT"),
            reader.duration("parley.llm.first-byte-timeout", "PARLEY_LLM_FIRST_BYTE_TIMEOUT"),
            reader.duration("parley.llm.idle-timeout", "PARLEY_LLM_IDLE_TIMEOUT"),
            reader.positiveInt("parley.llm.max-attempts", "PARLEY_LLM_MAX_ATTEMPTS"),
            LlmClientSettings.defaults().backoff(),
            new LlmClientSettings.StreamLimits(
                intSize(reader.bytes("parley.llm.max-line-size", "PARLEY_LLM_MAX_LINE_SIZE")),
                intSize(reader.bytes("parley.llm.max-event-size", "PARLEY_LLM_MAX_EVENT_SIZE")),
                reader.bytes("parley.llm.max-answer-size", "PARLEY_LLM_MAX_ANSWER_SIZE"))),
        reader.positiveInt("parley.llm.max-concurrent-calls", "PARLEY_LLM_MAX_CONCURRENT_CALLS"),
        reader.flag("parley.voice.warm-up", "PARLEY_VOICE_WARM_UP"),
        new LocalVoiceSettings(
            reader.optionalString("parley.voice.stt.model-dir").map(dir -> Path.of(dir).toAbsolutePath()),
            reader.path("parley.voice.model-cache-dir", "PARLEY_VOICE_MODEL_CACHE_DIR"),
            reader.choice("parley.voice.tts.local-engine", "PARLEY_TTS_LOCAL_ENGINE", LocalSpeechEngine.class),
            reader.string("parley.voice.tts.local-voice", "PARLEY_TTS_LOCAL_VOICE"),
            reader.nonNegativeInt("parley.voice.tts.local-leading-silence-rms", "PARLEY_TTS_LOCAL_LEADING_SILENCE_RMS"),
            sttModels(reader.optionalString("parley.voice.local.stt-models").orElse(""))),
        IdleHeapReturn.read(reader));
  }

  private static Map<String, Path> sttModels(String pairs) {
    try {
      return LocalVoiceSettings.sttModels(pairs);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("PARLEY_STT_MODELS (parley.voice.local.stt-models): " + e.getMessage());
    }
  }

  /** A size held in one array: anything past 2 GiB is as good as no limit. */
  private static int intSize(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  private static OriginPolicy allowedOrigins(String commaSeparated) {
    try {
      return OriginPolicy.of(List.of(commaSeparated.split(",")));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("PARLEY_ALLOWED_ORIGINS (parley.chat.allowed-origins): " + e.getMessage());
    }
  }

  /** PARLEY_LLM_PROVIDERS when set, else the single PARLEY_LLM_* endpoint as a list of one. */
  private static List<LlmEndpoint> llmProviders(SettingsReader reader) {
    return reader.optionalJson("parley.llm.providers", "PARLEY_LLM_PROVIDERS", LlmProviderList.EXPECTED_FORM,
            LlmProviderList::parse)
        .orElseGet(() -> llmEndpoint(reader).map(List::of).orElse(List.of()));
  }

  private static Optional<LlmEndpoint> llmEndpoint(SettingsReader reader) {
    return reader.optionalHttpUrl("parley.llm.base-url", "PARLEY_LLM_BASE_URL").map(baseUrl -> {
      String model = reader.optionalString("parley.llm.model").orElseThrow(() -> new InvalidSettingException(
          "PARLEY_LLM_MODEL (parley.llm.model) is required when PARLEY_LLM_BASE_URL is set: expected the model name "
              + "the server knows, e.g. @cf/meta/llama-3.3-70b-instruct-fp8-fast (Workers AI) or llama3.3 (Ollama)"));
      return new LlmEndpoint(reader.string("parley.llm.name", "PARLEY_LLM_NAME"), baseUrl, model,
          reader.optionalString("parley.llm.api-key"));
    });
  }

  String mode() {
    return llm.isEmpty() ? "offline" : "llm";
  }
}
