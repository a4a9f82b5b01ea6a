package io.parley.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnfinishedHeadsTest {
  private final List<String> closed = new ArrayList<>();
  private final UnfinishedHeads heads = new UnfinishedHeads(2, 3);

  private UnfinishedHeads.Head admit(String name, String address) throws Exception {
    return heads.admit(InetAddress.getByName(address), () -> closed.add(name));
  }

  @Test
  void aNewerHeadOfAnAddressPastItsBoundClosesThatAddresssOldest() throws Exception {
    admit("a1", "192.0.2.1");
    admit("b1", "192.0.2.2");
    admit("a2", "192.0.2.1");
    admit("a3", "192.0.2.1");
    assertEquals(List.of("a1"), closed, "another address's head is left alone");
  }

  @Test
  void aNewerHeadPastThePortsBoundClosesTheOldestOfAll() throws Exception {
    admit("a1", "192.0.2.1");
    admit("b1", "192.0.2.2");
    admit("c1", "192.0.2.3");
    admit("d1", "192.0.2.4");
    assertEquals(List.of("a1"), closed);
  }

  @Test
  void aHeadReadMakesRoomAndIsNeverClosed() throws Exception {
    UnfinishedHeads.Head first = admit("a1", "192.0.2.1");
    admit("a2", "192.0.2.1");
    first.read();
    first.read();
    admit("a3", "192.0.2.1");
    assertEquals(List.of(), closed);
    admit("a4", "192.0.2.1");
    assertEquals(List.of("a2"), closed);
  }
}
