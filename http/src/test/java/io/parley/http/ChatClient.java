package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.http.auth.Callers;
import io.parley.http.testing.JsonFrames;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A protocol v1 client over a real WebSocket, for end-to-end tests. */
final class ChatClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final List<JsonNode> backlog = new ArrayList<>();
  private final CompletableFuture<String> closed = new CompletableFuture<>();
  // The bot's voice: the binary frames received, in order.
  private final BlockingQueue<byte[]> audio = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  private ChatClient(URI uri) {
    this(uri, builder -> builder);
  }

  private ChatClient(URI uri, java.util.function.UnaryOperator<WebSocket.Builder> setup) {
    this.socket = setup.apply(HttpClient.newHttpClient().newWebSocketBuilder())
        .buildAsync(uri, new Listener())
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
  }

  /** A socket to {@code path} whose handshake {@code setup} adds to (subprotocols, an Origin). */
  static ChatClient open(int port, String path, java.util.function.UnaryOperator<WebSocket.Builder> setup) {
    return new ChatClient(URI.create("ws://127.0.0.1:" + port + path), setup);
  }

  /** The subprotocol the server's handshake named; empty when none. */
  String subprotocol() {
    return socket.getSubprotocol();
  }

  /** An anonymous customer: of the default tenant with no credential, of another with a customer token naming no user. */
  static ChatClient connect(int port, String tenant) {
    return TestIdentity.TENANTS.contains(tenant) ? connectAs(port, tenant, Optional.empty())
        : new ChatClient(URI.create("ws://127.0.0.1:" + port + "/v1/chat/ws?tenant=" + tenant));
  }

  /** A socket on {@code pathAndQuery} of the node on {@code port}, as that query's credential proves. */
  static ChatClient open(int port, String pathAndQuery) {
    return new ChatClient(URI.create("ws://127.0.0.1:" + port + pathAndQuery));
  }

  /** A customer with a token of {@code tenant}, signed in as {@code userId} when given. */
  static ChatClient connectAs(int port, String tenant, Optional<String> userId) {
    return new ChatClient(URI.create("ws://127.0.0.1:" + port + "/v1/chat/ws?tenant=" + tenant + "&token="
        + TestIdentity.customerToken(tenant, userId)));
  }

  /** An agent's console on {@code /v1/agent/ws}, signed in with a token whose subject is {@code agentId}. */
  static ChatClient agent(int port, String tenant, String agentId, String name) {
    return new ChatClient(URI.create("ws://127.0.0.1:" + port + "/v1/agent/ws?token="
        + TestIdentity.agentToken(tenant, agentId) + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)));
  }

  /** The same, once the node has greeted it: its hello frame is taken. */
  static ChatClient greetedAgent(int port, String tenant, String agentId, String name) {
    ChatClient agent = agent(port, tenant, agentId, name);
    agent.expect("hello");
    return agent;
  }

  /**
   * A socket on {@code pathAndQuery} signed in with {@code credential} (an API key) as the
   * subprotocol {@code bearer.<credential>}, as the agent console sends it: never in the URL.
   */
  static ChatClient openWith(int port, String pathAndQuery, String credential) {
    return open(port, pathAndQuery, builder -> builder.subprotocols(Callers.WEBSOCKET_PROTOCOL, "bearer." + credential));
  }

  /** An agent whose own phone (a SIP URI) takes the phone calls they take over. */
  static ChatClient agentWithPhone(int port, String tenant, String agentId, String name, String phone) {
    return new ChatClient(URI.create("ws://127.0.0.1:" + port + "/v1/agent/ws?token="
        + TestIdentity.agentToken(tenant, agentId) + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "&phone=" + URLEncoder.encode(phone, StandardCharsets.UTF_8)));
  }

  /**
   * Sends and waits until the frame is written. Synchronized: a test may speak from one thread
   * while it sends text from another, and the JDK's client refuses a send while one is pending.
   */
  synchronized void send(String raw) {
    socket.sendText(raw, true).join();
  }

  void send(ObjectNode frame) {
    send(frame.toString());
  }

  /** Microphone audio: one binary frame of mono PCM16 little-endian. */
  synchronized void sendAudio(byte[] pcm) {
    socket.sendBinary(java.nio.ByteBuffer.wrap(pcm), true).join();
  }

  /** The binary frames received so far and not taken yet. */
  List<byte[]> takeAudio() {
    List<byte[]> taken = new ArrayList<>();
    audio.drainTo(taken);
    return taken;
  }

  static ObjectNode frame(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  /** A {@code message} frame written by {@code role} ("user", "assistant", "agent", "system"). */
  static boolean isMessage(JsonNode frame, String role) {
    return frame.path("type").asText("message").equals("message") && frame.path("role").asText().equals(role);
  }

  /** A notice: a message the session itself writes to the customer (a handoff, a ticket, hours). */
  static boolean isNotice(JsonNode frame) {
    return isMessage(frame, "system");
  }

  /** The notice that the address the customer left is kept: replies mailed after it find the address. */
  static boolean isContactNotice(JsonNode frame) {
    return isNotice(frame) && frame.path("turnId").asText().startsWith("notice-contact-");
  }

  /** Starts a new session and returns its id. */
  String startNew() {
    send(frame("start"));
    JsonNode session = expect("session");
    assertEquals(false, session.get("resumed").asBoolean());
    return session.get("sessionId").asText();
  }

  /** Starts a new session in {@code language} (the start frame's BCP 47 tag) and returns its id. */
  String startIn(String language) {
    send(frame("start").put("language", language));
    return expect("session").get("sessionId").asText();
  }

  JsonNode resume(String sessionId, long resumeAfter) {
    send(frame("start").put("sessionId", sessionId).put("resumeAfter", resumeAfter));
    return expect("session");
  }

  /** Sends a user message and returns its ack. */
  JsonNode say(String clientMsgId, String text) {
    send(frame("user").put("clientMsgId", clientMsgId).put("text", text));
    return next(f -> f.get("type").asText().equals("ack") || f.get("type").asText().equals("error"));
  }

  /** Sends a user message and returns the text of the assistant's persisted answer to it. */
  String answerTo(String clientMsgId, String text) {
    return answerOf(say(clientMsgId, text).get("turnId").asText()).get("text").asText();
  }

  /** The next frame of this type; frames of other types before it are skipped. */
  JsonNode expect(String type) {
    return next(f -> f.get("type").asText().equals(type));
  }

  /** The assistant's persisted answer of a turn; deltas and other frames before it are skipped. */
  JsonNode answerOf(String turnId) {
    return next(f -> f.get("type").asText().equals("message")
        && f.get("role").asText().equals("assistant") && f.get("turnId").asText().equals(turnId));
  }

  /**
   * The first frame, in arrival order, that matches; frames it passes over stay queued for later
   * calls, so looking for an ack never loses the deltas that raced ahead of it.
   */
  JsonNode next(Predicate<JsonNode> wanted) {
    for (int i = 0; i < backlog.size(); i++) {
      if (wanted.test(backlog.get(i))) return backlog.remove(i);
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        JsonNode frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (frame == null) break;
        if (wanted.test(frame)) return frame;
        backlog.add(frame);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no matching frame within " + WAIT + "; received " + backlog);
  }

  /** Every frame not consumed yet, waiting until none arrived for {@code quiet}. */
  List<JsonNode> drain(Duration quiet) {
    List<JsonNode> drained = new ArrayList<>(backlog);
    backlog.clear();
    try {
      JsonNode frame;
      while ((frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) drained.add(frame);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return drained;
  }

  String awaitClose() {
    String reason = closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    assertNotNull(reason);
    return reason;
  }

  @Override
  public void close() {
    JsonFrames.close(socket);
  }

  /** Text frames as {@link JsonFrames} hears them; binary ones are the bot's voice. */
  private final class Listener extends JsonFrames {
    Listener() {
      super((arrivedNanos, frame) -> frames.add(frame));
    }

    private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        audio.add(binary.toByteArray());
        binary = new java.io.ByteArrayOutputStream();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete("error " + error);
    }
  }
}
