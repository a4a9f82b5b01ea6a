package io.parley.http.aot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model of the training run: an OpenAI-compatible chat-completions endpoint on a loopback port
 * that streams as the real ones do (server-sent {@code chat.completion.chunk} events, the finish,
 * the usage asked for, {@code [DONE]}), so that the node's model client, tool loop and offline
 * fallback run their real code. It calls a tool when the customer's words ask for one and the
 * request offers it ({@link #SEARCHED} kb_search, {@link #DAMAGED} create_ticket, a ticket id
 * fetch_status), answers a tool's result in words, refuses {@link #REFUSED} with a 400 (no retry:
 * the offline responder answers), and otherwise answers in a few sentences.
 */
final class TrainingModel implements AutoCloseable {
  static final String SEARCHED = "password";
  static final String DAMAGED = "damaged";
  static final String REFUSED = "refund";
  private static final Pattern TICKET = Pattern.compile("\\bT-\\d+\\b");
  /** Short: the voice turn waits while it is spoken, in real time. */
  private static final String ANSWER = "We are open from nine to five, Monday to Friday.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService handlers;
  private final AtomicInteger completions = new AtomicInteger();

  private TrainingModel(HttpServer server, ExecutorService handlers) {
    this.server = server;
    this.handlers = handlers;
  }

  static TrainingModel start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService handlers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "training-model");
        thread.setDaemon(true);
        return thread;
      });
      TrainingModel model = new TrainingModel(server, handlers);
      server.createContext("/v1/chat/completions", model::answer);
      server.setExecutor(handlers);
      server.start();
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException("the training model cannot listen on a loopback port", e);
    }
  }

  /** {@code http://127.0.0.1:<port>/v1}, the base URL the node's model client is given. */
  URI baseUrl() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/v1");
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      JsonNode last = request.path("messages").path(request.path("messages").size() - 1);
      String words = last.path("content").asText();
      if (!"tool".equals(last.path("role").asText()) && words.toLowerCase(Locale.ROOT).contains(REFUSED)) {
        refuse(exchange);
        return;
      }
      List<ObjectNode> deltas = new ArrayList<>();
      String call = "tool".equals(last.path("role").asText()) ? "" : toolFor(words, request.path("tools"));
      if (call.isEmpty()) {
        String text = "tool".equals(last.path("role").asText()) ? "Here is what I found: " + brief(words) : ANSWER;
        for (String piece : text.split("(?<= )")) deltas.add(JSON.createObjectNode().put("content", piece));
      } else {
        ObjectNode fragment = JSON.createObjectNode().put("index", 0)
            .put("id", "call_" + completions.incrementAndGet()).put("type", "function");
        fragment.putObject("function").put("name", call).put("arguments", arguments(call, words));
        ObjectNode delta = JSON.createObjectNode();
        delta.putArray("tool_calls").add(fragment);
        deltas.add(delta);
      }
      stream(exchange, request, deltas, call.isEmpty() ? "stop" : "tool_calls");
    }
  }

  /** The tool the customer's words ask for, when the request offers it; empty for none. */
  private static String toolFor(String words, JsonNode offered) {
    String lower = words.toLowerCase(Locale.ROOT);
    String wanted = lower.contains(SEARCHED) ? "kb_search"
        : lower.contains(DAMAGED) ? "create_ticket"
        : TICKET.matcher(words).find() ? "fetch_status" : "";
    for (JsonNode tool : offered) {
      if (tool.path("function").path("name").asText().equals(wanted)) return wanted;
    }
    return "";
  }

  private static String arguments(String tool, String words) {
    ObjectNode arguments = JSON.createObjectNode();
    switch (tool) {
      case "kb_search" -> arguments.put("query", words).put("limit", 3);
      case "create_ticket" -> arguments.put("subject", "Order arrived damaged").put("description", words)
          .put("priority", "normal");
      default -> {
        Matcher ticket = TICKET.matcher(words);
        arguments.put("ticket_id", ticket.find() ? ticket.group() : "");
      }
    }
    return arguments.toString();
  }

  private static String brief(String toolResult) {
    return toolResult.length() > 120 ? toolResult.substring(0, 120) : toolResult;
  }

  private void stream(HttpExchange exchange, JsonNode request, List<ObjectNode> deltas, String finish)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    String id = "chatcmpl-training-" + completions.incrementAndGet();
    OutputStream out = exchange.getResponseBody();
    ObjectNode role = JSON.createObjectNode().put("role", "assistant").put("content", "");
    send(out, chunk(id, role, null));
    for (ObjectNode delta : deltas) send(out, chunk(id, delta, null));
    send(out, chunk(id, JSON.createObjectNode(), finish));
    if (request.path("stream_options").path("include_usage").asBoolean()) {
      ObjectNode usage = JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
          .put("created", Instant.now().getEpochSecond()).put("model", "training");
      usage.putArray("choices");
      usage.putObject("usage").put("prompt_tokens", request.toString().length() / 4)
          .put("completion_tokens", deltas.size()).put("total_tokens", request.toString().length() / 4 + deltas.size());
      send(out, usage.toString());
    }
    send(out, "[DONE]");
  }

  private static String chunk(String id, ObjectNode delta, String finish) {
    ObjectNode chunk = JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
        .put("created", Instant.now().getEpochSecond()).put("model", "training");
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.put("finish_reason", finish);
    return chunk.toString();
  }

  private static void send(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void refuse(HttpExchange exchange) throws IOException {
    byte[] body = "{\"error\":{\"message\":\"refused by the training model\",\"type\":\"invalid_request_error\"}}"
        .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(400, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
