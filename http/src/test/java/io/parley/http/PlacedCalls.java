package io.parley.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.testing.Awaiting;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/** What tests of the calls a node places share: sipp as the called party, and the call as the API shows it. */
final class PlacedCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlacedCalls() {}

  /** sipp answering with {@code scenario} at 127.0.0.1:{@code port}, once it listens there. */
  static Sipp.Phone answering(Path work, String scenario, int port, int nodeSipPort) throws Exception {
    return listening(Sipp.answer(work, scenario, port, nodeSipPort), port);
  }

  /** As {@link #answering(Path, String, int, int)}, for {@code calls} calls in turn, with sipp's other {@code options}. */
  static Sipp.Phone answering(Path work, String scenario, int port, int nodeSipPort, int calls, java.util.List<String> options)
      throws Exception {
    return listening(Sipp.answer(work, scenario, port, nodeSipPort, calls, options), port);
  }

  private static Sipp.Phone listening(Sipp.Phone phone, int port) {
    Awaiting.await("sipp listening on " + port).atMost(Duration.ofSeconds(10)).until(() -> taken(port));
    return phone;
  }

  /** {@code GET /v1/calls/{id}} on the node at {@code httpPort}, as an admin, once it meets {@code condition}. */
  static JsonNode awaitCall(int httpPort, String id, Predicate<JsonNode> condition) {
    return Awaiting.await("call " + id).atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
      HttpResponse<String> call = TestIdentity.asAdmin(httpPort, "GET", "/v1/calls/" + id, null);
      return call.statusCode() == 200 ? JSON.readTree(call.body()) : null;
    }, call -> call != null && condition.test(call));
  }

  private static boolean taken(int port) {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      return false;
    } catch (BindException inUse) {
      return true;
    } catch (Exception other) {
      return false;
    }
  }
}
