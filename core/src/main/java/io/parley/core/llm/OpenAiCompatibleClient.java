package io.parley.core.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Streams chat completions from any server that speaks OpenAI's {@code POST /chat/completions}
 * with {@code "stream": true}: OpenAI, Cloudflare Workers AI, vLLM, Ollama, llama.cpp, with or
 * without tools. Failures before the first text delta are retried as {@link LlmClientSettings}
 * says; after it, never.
 *
 * <p>Owns one timer thread (a daemon), on which calls start and retry, and the HTTP client's
 * connections; {@link #close()} cancels the calls still running and stops the timer.
 */
public final class OpenAiCompatibleClient implements LlmClient, AutoCloseable {
  private final LlmEndpoint endpoint;
  private final Provider provider;
  private final Set<StreamingCall> running = ConcurrentHashMap.newKeySet();
  private final RequestTools requestTools = new RequestTools();
  private volatile boolean closed;

  public OpenAiCompatibleClient(LlmEndpoint endpoint, LlmClientSettings settings) {
    this.endpoint = endpoint;
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "parley-llm-" + endpoint.name() + "-timer");
      thread.setDaemon(true);
      return thread;
    });
    // The client's work on a response (reading the stream, parsing its events, handing each delta
    // on) runs on its own I/O thread: none of it blocks, and the default executor moved every chunk
    // to another thread first, one more wake-up per delta (docs/performance.md). With this executor
    // sendAsync does in its caller's thread what the pool did (resolving the host), so calls start
    // on the timer thread, never on an actor's.
    HttpClient http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).executor(Runnable::run).build();
    ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.provider = new Provider(endpoint.name(), http, timers, json, settings);
  }

  @Override
  public String name() {
    return endpoint.name();
  }

  @Override
  public Optional<String> model() {
    return Optional.of(endpoint.model());
  }

  @Override
  public Optional<URI> server() {
    return Optional.of(endpoint.baseUrl());
  }

  /** @throws IllegalStateException once the client is closed */
  @Override
  public LlmCall stream(LlmRequest request, LlmListener listener) {
    if (closed) {
      throw new IllegalStateException("LLM client " + name() + " is closed");
    }
    StreamingCall call = new StreamingCall(provider, httpRequest(request), listener);
    running.add(call);
    call.result().whenComplete((answer, failure) -> running.remove(call));
    try {
      provider.timers().execute(call::start);
    } catch (RejectedExecutionException closedMeanwhile) {
      running.remove(call);
      throw new IllegalStateException("LLM client " + name() + " is closed", closedMeanwhile);
    }
    return call;
  }

  @Override
  public void close() {
    closed = true;
    running.forEach(StreamingCall::cancel);
    provider.timers().shutdownNow();
  }

  private HttpRequest httpRequest(LlmRequest request) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.chatCompletionsUrl())
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body(request)));
    if ("http".equals(endpoint.baseUrl().getScheme())) {
      // Over plain http the JDK would offer an h2c upgrade that local servers (Ollama,
      // llama.cpp, vLLM's uvicorn) do not speak; HTTPS negotiates HTTP/2 through ALPN instead.
      builder.version(HttpClient.Version.HTTP_1_1);
    }
    endpoint.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    request.traceparent().ifPresent(traceparent -> builder.header("traceparent", traceparent));
    return builder.build();
  }

  private String body(LlmRequest request) {
    ObjectNode body = provider.json().createObjectNode()
        .put("model", endpoint.model())
        .put("stream", true)
        .put("max_tokens", request.maxTokens())
        .put("temperature", request.temperature());
    ArrayNode messages = body.putArray("messages");
    request.messages().forEach(message -> write(message, messages.addObject()));
    if (!request.tools().isEmpty()) {
      body.putRawValue("tools", requestTools.of(request.tools()));
      if (request.toolChoice() != ToolChoice.AUTO) {
        body.put("tool_choice", request.toolChoice().wireName());
      }
    }
    request.responseSchema().ifPresent(schema -> {
      ObjectNode format = body.putObject("response_format").put("type", "json_schema").putObject("json_schema")
          .put("name", schema.name()).put("strict", schema.strict());
      try {
        format.set("schema", provider.json().readTree(schema.schemaJson()));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("response schema " + schema.name() + " is not JSON", e);
      }
    });
    // Without it OpenAI and vLLM send no usage at all when streaming.
    body.putObject("stream_options").put("include_usage", true);
    try {
      return provider.json().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  /**
   * Fields that do not apply are left out rather than sent as null: strict servers reject nulls
   * where OpenAI's schema has none.
   */
  private static void write(PromptMessage message, ObjectNode into) {
    into.put("role", message.role());
    message.toolCallId().ifPresent(id -> into.put("tool_call_id", id));
    // A tool-calls-only assistant message keeps "content": "". OpenAI allows null or no content
    // there, but Ollama and LM Studio reject null, and some vLLM and SGLang setups a missing one.
    if (message.images().isEmpty()) {
      into.put("content", message.content());
    } else {
      ArrayNode parts = into.putArray("content");
      parts.addObject().put("type", "text").put("text", message.content());
      message.images().forEach(url -> parts.addObject().put("type", "image_url").putObject("image_url").put("url", url));
    }
    if (!message.toolCalls().isEmpty()) {
      ArrayNode calls = into.putArray("tool_calls");
      for (ToolCall call : message.toolCalls()) {
        calls.addObject()
            .put("id", call.id())
            .put("type", "function")
            .putObject("function")
            .put("name", call.name())
            // vLLM, for one, parses the arguments back into an object for the chat template: "" fails.
            .put("arguments", call.argumentsJson().isBlank() ? "{}" : call.argumentsJson());
      }
    }
  }
}
