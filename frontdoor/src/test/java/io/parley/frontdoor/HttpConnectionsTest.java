package io.parley.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpConnectionsTest {
  private final List<String> closed = new ArrayList<>();

  private HttpConnections.Connection admit(HttpConnections connections, String name, String address) throws Exception {
    HttpConnections.Connection connection = connections.connection(InetAddress.getByName(address));
    connections.admit(connection, () -> closed.add(name));
    return connection;
  }

  private static HttpConnections.Connection busy(HttpConnections.Connection connection) {
    connection.requestStarted();
    return connection;
  }

  @Test
  void aNewerConnectionOfAnAddressAtItsBoundClosesThatAddresssOldestIdleOne() throws Exception {
    HttpConnections connections = new HttpConnections(3, 100);
    busy(admit(connections, "a1", "192.0.2.1"));
    admit(connections, "b1", "192.0.2.2");
    admit(connections, "a2", "192.0.2.1");
    admit(connections, "a3", "192.0.2.1");
    admit(connections, "a4", "192.0.2.1");
    assertEquals(List.of("a2"), closed, "the oldest idle one of that address; a busy one and another address's stay");
    admit(connections, "a5", "192.0.2.1");
    assertEquals(List.of("a2", "a3"), closed);
  }

  @Test
  void aNewerConnectionOfAnAddressWhoseEveryConnectionIsBusyIsRefused() throws Exception {
    HttpConnections connections = new HttpConnections(2, 100);
    busy(admit(connections, "a1", "192.0.2.1"));
    HttpConnections.Connection second = busy(admit(connections, "a2", "192.0.2.1"));
    admit(connections, "a3", "192.0.2.1");
    assertEquals(List.of("a3"), closed);
    second.requestAnswered();
    admit(connections, "a4", "192.0.2.1");
    assertEquals(List.of("a3", "a2"), closed, "answered, it is idle again");
  }

  @Test
  void pastTheCrowdedMarkEachNewConnectionClosesThePortsOldestIdleOne() throws Exception {
    HttpConnections connections = new HttpConnections(0, 3);
    busy(admit(connections, "a1", "192.0.2.1"));
    admit(connections, "b1", "192.0.2.2");
    admit(connections, "c1", "192.0.2.3");
    assertEquals(List.of(), closed, "not past the mark yet");
    admit(connections, "d1", "192.0.2.4");
    assertEquals(List.of("b1"), closed);
    admit(connections, "e1", "192.0.2.5");
    assertEquals(List.of("b1", "c1"), closed);
  }

  @Test
  void aCrowdedPortWithNoIdleConnectionClosesNone() throws Exception {
    HttpConnections connections = new HttpConnections(0, 2);
    busy(admit(connections, "a1", "192.0.2.1"));
    busy(admit(connections, "b1", "192.0.2.2"));
    admit(connections, "c1", "192.0.2.3");
    assertEquals(List.of(), closed, "the newest is never closed to make way for itself");
    admit(connections, "d1", "192.0.2.4");
    assertEquals(List.of("c1"), closed, "the one before is idle, the oldest idle");
  }

  @Test
  void aConnectionOverMakesRoomAndIsNeverClosed() throws Exception {
    HttpConnections connections = new HttpConnections(2, 100);
    HttpConnections.Connection first = admit(connections, "a1", "192.0.2.1");
    admit(connections, "a2", "192.0.2.1");
    first.over();
    first.over();
    admit(connections, "a3", "192.0.2.1");
    assertEquals(List.of(), closed);
    admit(connections, "a4", "192.0.2.1");
    assertEquals(List.of("a2"), closed);
  }

  @Test
  void aRefusedConnectionNeverCounts() throws Exception {
    HttpConnections connections = new HttpConnections(1, 100);
    HttpConnections.Connection first = busy(admit(connections, "a1", "192.0.2.1"));
    admit(connections, "a2", "192.0.2.1").over();
    first.over();
    admit(connections, "a3", "192.0.2.1");
    assertEquals(List.of("a2"), closed);
  }
}
