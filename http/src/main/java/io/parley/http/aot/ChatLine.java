package io.parley.http.aot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A customer's socket to the node during the training run, as the JavaScript client opens it: JSON
 * frames sent and awaited, microphone audio sent, the bot's voice counted. A frame awaited fails
 * the training if it does not come within {@link #PATIENCE}, long enough for a machine whose cores
 * other builds share.
 */
final class ChatLine implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocket socket;
  private final BlockingQueue<JsonNode> frames;
  private final List<JsonNode> passedOver = new ArrayList<>();
  private final AtomicLong voiceBytes;

  private ChatLine(WebSocket socket, BlockingQueue<JsonNode> frames, AtomicLong voiceBytes) {
    this.socket = socket;
    this.frames = frames;
    this.voiceBytes = voiceBytes;
  }

  static ChatLine open(HttpClient http, URI uri) {
    BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    AtomicLong voiceBytes = new AtomicLong();
    WebSocket socket = http.newWebSocketBuilder().connectTimeout(PATIENCE)
        .buildAsync(uri, new Listener(frames, voiceBytes)).orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
    return new ChatLine(socket, frames, voiceBytes);
  }

  static ObjectNode frame(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  void send(ObjectNode frame) {
    socket.sendText(frame.toString(), true).join();
  }

  void sendAudio(byte[] pcm) {
    socket.sendBinary(ByteBuffer.wrap(pcm), true).join();
  }

  /** The next frame of {@code type}; frames of other types before it are kept for later. */
  JsonNode await(String type) {
    return await(type, frame -> true);
  }

  /** The next frame of {@code type} that is also {@code wanted}; an {@code error} frame fails the training. */
  JsonNode await(String type, Predicate<JsonNode> wanted) {
    Predicate<JsonNode> match = frame -> frame.path("type").asText().equals(type) && wanted.test(frame);
    for (int i = 0; i < passedOver.size(); i++) {
      if (match.test(passedOver.get(i))) return passedOver.remove(i);
    }
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    try {
      JsonNode frame;
      while ((frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
        if (match.test(frame)) return frame;
        if (frame.path("type").asText().equals("error")) throw new TrainingFailure("the node refused a frame: " + frame);
        passedOver.add(frame);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new TrainingFailure("no " + type + " frame within " + PATIENCE + "; received " + passedOver);
  }

  /** Takes the frames of {@code type} that are {@code wanted} from those received and passed over so far. */
  List<JsonNode> passedOver(String type, Predicate<JsonNode> wanted) {
    List<JsonNode> taken = passedOver.stream()
        .filter(frame -> frame.path("type").asText().equals(type) && wanted.test(frame)).toList();
    passedOver.removeAll(taken);
    return taken;
  }

  /** Bytes of the bot's voice received so far. */
  long voiceBytes() {
    return voiceBytes.get();
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS)
        .exceptionally(failure -> socket).join();
  }

  private static final class Listener implements WebSocket.Listener {
    private final BlockingQueue<JsonNode> frames;
    private final AtomicLong voiceBytes;
    private final StringBuilder text = new StringBuilder();

    Listener(BlockingQueue<JsonNode> frames, AtomicLong voiceBytes) {
      this.frames = frames;
      this.voiceBytes = voiceBytes;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          frames.add(JSON.readTree(text.toString()));
        } catch (JsonProcessingException e) {
          frames.add(frame("error").put("message", "not JSON: " + text));
        }
        text.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
      voiceBytes.addAndGet(data.remaining());
      socket.request(1);
      return null;
    }
  }
}
