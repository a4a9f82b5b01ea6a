package io.parley.core.llm.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.llm.ToolCall;
import io.parley.core.testing.LoopbackHttpServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat-completions server for tests, on a random loopback port. It speaks
 * the real streaming wire format ({@code data: {chunk}}, a usage chunk when asked, then
 * {@code data: [DONE]}), answers every request with its responder unless replies were
 * {@linkplain #enqueue(Reply...) scripted}, and records every request.
 *
 * <pre>{@code
 * try (FakeChatCompletionsServer server = FakeChatCompletionsServer.start()) {
 *   server.enqueue(Reply.error(503, "overloaded"), Reply.answer().disconnectingAfter(2));
 *   LlmEndpoint endpoint = new LlmEndpoint("fake", server.baseUrl(), "fake-model", Optional.empty());
 *   // first request: 503; second: two chunks, then a dropped connection; later: "You said: ..."
 *   assertEquals("hello", server.lastRequest().lastUserMessage());
 * }
 * }</pre>
 *
 * <p>A scripted reply may call tools instead, streamed as OpenAI does ({@link #toolCallChunks}
 * shows how); with {@link RecordedRequest#toolResults()} a test can script the whole loop:
 *
 * <pre>{@code
 * server.enqueue(Reply.toolCalls(new ToolCall("call_1", "fetch_status", "{\"order\":\"A1\"}")),
 *     Reply.answer("Your order A1 has shipped."));
 * // first request: the model calls fetch_status; the caller runs it and asks again with
 * // PromptMessage.assistantToolCalls(calls) and PromptMessage.toolResult("call_1", "...")
 * assertEquals(Optional.of("{\"status\":\"shipped\"}"), server.lastRequest().toolResult("call_1"));
 * }</pre>
 *
 * <p>Answers are split at whitespace, {@link #chunksOf(String)} shows how. Usage counts words, not
 * tokens: prompt words across all messages, and one completion token per content or tool-call
 * chunk. Requests to other paths get 404, and bodies that are not JSON get 400; neither is
 * recorded. Thread-safe: requests are served concurrently, and scripting or reading the record
 * may happen at any time.
 */
public final class FakeChatCompletionsServer implements AutoCloseable {
  public static final String CHAT_COMPLETIONS_PATH = "/v1/chat/completions";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService handlers;
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger completionIds = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Function<RecordedRequest, String> responder;

  private FakeChatCompletionsServer(Function<RecordedRequest, String> responder) {
    this.responder = Objects.requireNonNull(responder, "responder");
    AtomicInteger threads = new AtomicInteger();
    this.handlers = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "fake-chat-completions-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.server = LoopbackHttpServers.create();
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  /** A server that answers {@code "You said: <last user message>"}. */
  public static FakeChatCompletionsServer start() {
    return start(FakeChatCompletionsServer::echo);
  }

  /** A server whose answers, unless scripted, come from {@code responder}. */
  public static FakeChatCompletionsServer start(Function<RecordedRequest, String> responder) {
    return new FakeChatCompletionsServer(responder);
  }

  /** The default responder. */
  public static String echo(RecordedRequest request) {
    return "You said: " + request.lastUserMessage();
  }

  /** The content chunks an answer is streamed in: split before each run of whitespace. */
  public static List<String> chunksOf(String answer) {
    return Arrays.stream(answer.split("(?<=\\S)(?=\\s)")).filter(chunk -> !chunk.isEmpty()).toList();
  }

  /** {@code http://127.0.0.1:<port>/v1}: the base URL an OpenAI client wants. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  /** Replaces the responder for requests that find no scripted reply. */
  public void respondWith(Function<RecordedRequest, String> responder) {
    this.responder = Objects.requireNonNull(responder, "responder");
  }

  /** Scripts the next requests' replies, in order; once used up, the responder answers again. */
  public void enqueue(Reply... replies) {
    script.addAll(List.of(replies));
  }

  /** Every request received so far, oldest first. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public int requestCount() {
    return requests.size();
  }

  /** @throws IllegalStateException when no request has arrived yet */
  public RecordedRequest lastRequest() {
    List<RecordedRequest> received = requests();
    if (received.isEmpty()) {
      throw new IllegalStateException("no request has reached the fake server yet");
    }
    return received.get(received.size() - 1);
  }

  /** Stops listening; stalled and delayed replies end at once by dropping their connections. */
  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  static String openAiErrorBody(int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("message", message).put("type", "fake_error").put("code", status);
    return body.toString();
  }

  /** Closes the exchange only on success: closing would end a dropped stream cleanly. */
  private void handle(HttpExchange exchange) throws IOException {
    respond(exchange);
    exchange.close();
  }

  private void respond(HttpExchange exchange) throws IOException {
    if (!CHAT_COMPLETIONS_PATH.equals(exchange.getRequestURI().getPath())) {
      sendError(exchange, Reply.error(404, "no route for " + exchange.getRequestURI().getPath()));
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    } catch (JsonProcessingException e) {
      sendError(exchange, Reply.error(400, "request body is not JSON: " + e.getOriginalMessage()));
      return;
    }
    RecordedRequest request = new RecordedRequest(
        exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body);
    requests.add(request);
    Reply reply = script.poll();
    if (reply == null) {
      reply = Reply.answer();
    }
    if (reply instanceof Reply.HttpError error) {
      sendError(exchange, error);
    } else if (reply instanceof Reply.RawEvents raw) {
      startEventStream(exchange).write(raw.body().getBytes(StandardCharsets.UTF_8));
    } else if (reply instanceof Reply.Answer answer) {
      pause(answer.headerDelay());
      List<ObjectNode> deltas = contentDeltas(answer.text().orElseGet(() -> responder.apply(request)));
      stream(exchange, request, deltas, "stop", answer.chunkDelay(), answer.disconnectAfter(), answer.stallAfter());
    } else if (reply instanceof Reply.ToolCallAnswer calls) {
      List<ObjectNode> deltas = new ArrayList<>(contentDeltas(calls.text()));
      deltas.addAll(toolCallDeltas(calls));
      stream(exchange, request, deltas, calls.finishReason(), Duration.ZERO, calls.disconnectAfter(), OptionalInt.empty());
    }
  }

  /**
   * How {@link Reply#toolCalls(ToolCall...)} cuts calls into {@code delta.tool_calls} fragments:
   * per call, one fragment with its index, id, type and name (and "" arguments), then its
   * arguments in three pieces (fewer when shorter); or one whole fragment per call. Each list is
   * the {@code tool_calls} array of one chunk.
   */
  public static List<ArrayNode> toolCallChunks(Reply.ToolCallAnswer answer) {
    List<List<ObjectNode>> perCall = new ArrayList<>();
    for (int index = 0; index < answer.calls().size(); index++) {
      ToolCall call = answer.calls().get(index);
      List<ObjectNode> fragments = new ArrayList<>();
      if (answer.layout() == Reply.ToolCallAnswer.Layout.WHOLE) {
        fragments.add(toolCallStart(index, call, call.argumentsJson()));
      } else {
        fragments.add(toolCallStart(index, call, ""));
        for (String piece : thirds(call.argumentsJson())) {
          ObjectNode fragment = JSON.createObjectNode().put("index", index);
          fragment.putObject("function").put("arguments", piece);
          fragments.add(fragment);
        }
      }
      perCall.add(fragments);
    }
    List<ObjectNode> ordered = new ArrayList<>();
    if (answer.layout() == Reply.ToolCallAnswer.Layout.INTERLEAVED) {
      int longest = perCall.stream().mapToInt(List::size).max().orElse(0);
      for (int turn = 0; turn < longest; turn++) {
        for (List<ObjectNode> fragments : perCall) {
          if (turn < fragments.size()) ordered.add(fragments.get(turn));
        }
      }
    } else {
      perCall.forEach(ordered::addAll);
    }
    return ordered.stream().map(fragment -> JSON.createArrayNode().add(fragment)).toList();
  }

  private static ObjectNode toolCallStart(int index, ToolCall call, String arguments) {
    ObjectNode fragment = JSON.createObjectNode().put("index", index).put("id", call.id()).put("type", "function");
    fragment.putObject("function").put("name", call.name()).put("arguments", arguments);
    return fragment;
  }

  private static List<String> thirds(String text) {
    List<String> pieces = new ArrayList<>();
    int size = Math.max(1, (text.length() + 2) / 3);
    for (int start = 0; start < text.length(); start += size) {
      pieces.add(text.substring(start, Math.min(text.length(), start + size)));
    }
    return pieces;
  }

  private static List<ObjectNode> contentDeltas(String answer) {
    return chunksOf(answer).stream().map(chunk -> JSON.createObjectNode().put("content", chunk)).toList();
  }

  private static List<ObjectNode> toolCallDeltas(Reply.ToolCallAnswer answer) {
    List<ObjectNode> deltas = new ArrayList<>();
    for (ArrayNode calls : toolCallChunks(answer)) {
      ObjectNode delta = JSON.createObjectNode();
      delta.set("tool_calls", calls);
      deltas.add(delta);
    }
    return deltas;
  }

  /** The role chunk, a chunk per delta, the finish chunk, usage when asked, {@code [DONE]}. */
  private void stream(
      HttpExchange exchange, RecordedRequest request, List<ObjectNode> deltas, String finishReason, Duration chunkDelay,
      OptionalInt disconnectAfter, OptionalInt stallAfter) throws IOException {
    String id = "chatcmpl-fake-" + completionIds.incrementAndGet();
    String model = request.model().isEmpty() ? "fake-model" : request.model();
    OutputStream out = startEventStream(exchange);
    ObjectNode role = chunk(id, model);
    role.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
        .putObject("delta").put("role", "assistant").put("content", "");
    send(out, role.toString());
    for (int sent = 0; sent <= deltas.size(); sent++) {
      maybeMisbehave(disconnectAfter, stallAfter, sent);
      if (sent == deltas.size()) break;
      pause(chunkDelay);
      ObjectNode content = chunk(id, model);
      content.withArray("choices").addObject().put("index", 0).putNull("finish_reason").set("delta", deltas.get(sent));
      send(out, content.toString());
    }
    ObjectNode finish = chunk(id, model);
    finish.withArray("choices").addObject().put("index", 0).put("finish_reason", finishReason).putObject("delta");
    send(out, finish.toString());
    if (request.includeUsage()) {
      int promptWords = request.messages().stream().mapToInt(message -> chunksOf(message.content()).size()).sum();
      ObjectNode usage = chunk(id, model);
      usage.putArray("choices");
      usage.putObject("usage")
          .put("prompt_tokens", promptWords)
          .put("completion_tokens", deltas.size())
          .put("total_tokens", promptWords + deltas.size());
      send(out, usage.toString());
    }
    send(out, "[DONE]");
  }

  private void maybeMisbehave(OptionalInt disconnectAfter, OptionalInt stallAfter, int sent) {
    if (stallAfter.equals(OptionalInt.of(sent))) {
      awaitClosing();
      throw new DroppedConnection();
    }
    if (disconnectAfter.equals(OptionalInt.of(sent))) {
      throw new DroppedConnection();
    }
  }

  private static ObjectNode chunk(String id, String model) {
    return JSON.createObjectNode()
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", Instant.now().getEpochSecond())
        .put("model", model);
  }

  private static OutputStream startEventStream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0); // 0: chunked, so a dropped connection is detectable
    return exchange.getResponseBody();
  }

  private static void send(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void sendError(HttpExchange exchange, Reply.HttpError error) throws IOException {
    byte[] body = error.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    error.retryAfter().ifPresent(delay -> exchange.getResponseHeaders()
        .set("Retry-After", Long.toString((delay.toMillis() + 999) / 1000)));
    exchange.sendResponseHeaders(error.status(), body.length);
    exchange.getResponseBody().write(body);
  }

  private void pause(Duration delay) {
    if (delay.isZero()) return;
    try {
      if (closing.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new DroppedConnection();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DroppedConnection();
    }
  }

  private void awaitClosing() {
    try {
      closing.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Thrown out of the handler on purpose: the JDK server then closes the socket without the
   * chunked body's terminator, which the client sees as a broken stream.
   */
  private static final class DroppedConnection extends RuntimeException {
    DroppedConnection() {
      super("fake server dropped the connection", null, false, false);
    }
  }
}
