package io.parley.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrivateAddressesTest {
  @Test
  void theOperatorsOwnNetworksArePrivate() throws UnknownHostException {
    for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd12:3456::1", "fc00::1")) {
      assertTrue(PrivateAddresses.isPrivate(InetAddress.getByName(address)), address);
    }
  }

  @Test
  void publicAddressesAreNot() throws UnknownHostException {
    for (String address : List.of("93.184.216.34", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1",
        "2606:4700::1111")) {
      assertFalse(PrivateAddresses.isPrivate(InetAddress.getByName(address)), address);
    }
  }

  @Test
  void aHostWithOnePrivateAddressAmongPublicOnesIsCaught() throws UnknownHostException {
    InetAddress internal = InetAddress.getByName("10.0.0.5");
    assertEquals(Optional.of(internal),
        PrivateAddresses.firstPrivate(List.of(InetAddress.getByName("93.184.216.34"), internal)));
    assertEquals(Optional.empty(), PrivateAddresses.firstPrivate(List.of(InetAddress.getByName("8.8.8.8"))));
  }
}
