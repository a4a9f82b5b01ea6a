package io.parley.http.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

/**
 * The text side of a chat or agent WebSocket as a client hears it, for the tests' clients and the
 * load tests' customers: each text message, once its last fragment came, parsed as JSON (one that
 * does not parse becomes an {@code unparseable} frame with its {@code raw} text), stamped with
 * {@link System#nanoTime()} as it arrives, before anyone looks at it.
 */
public class JsonFrames implements WebSocket.Listener {
  /** Where each frame goes. */
  public interface Receiver {
    void received(long arrivedNanos, JsonNode frame);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringBuilder partial = new StringBuilder();
  private final Receiver receiver;

  public JsonFrames(Receiver receiver) {
    this.receiver = receiver;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      long arrived = System.nanoTime();
      JsonNode frame;
      try {
        frame = JSON.readTree(partial.toString());
      } catch (Exception e) {
        frame = JSON.createObjectNode().put("type", "unparseable").put("raw", partial.toString());
      }
      partial.setLength(0);
      receiver.received(arrived, frame);
    }
    webSocket.request(1);
    return null;
  }

  /** Leaves as a browser does: a close frame while the socket can still send one, then the connection goes. */
  public static void close(WebSocket socket) {
    if (!socket.isOutputClosed()) socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    socket.abort();
  }
}
