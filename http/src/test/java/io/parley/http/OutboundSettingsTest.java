package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.net.AddressBlock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundSettingsTest {
  @Test
  void theAllowedNetworksAreReadAndABadBlockNamesTheVariable() {
    assertEquals(List.of("10.20.0.0/16", "fd00:1::/64"), OutboundSettings.policy(ConfigFactory.parseMap(
        Map.of("parley.outbound.allowed-networks", "10.20.0.0/16, fd00:1::/64"))).allowed().stream()
        .map(AddressBlock::toString).toList());
    InvalidSettingException bad = assertThrows(InvalidSettingException.class, () -> OutboundSettings.policy(
        ConfigFactory.parseMap(Map.of("parley.outbound.allowed-networks", "10.20.0.0/16,intranet"))));
    assertTrue(bad.getMessage().startsWith("PARLEY_OUTBOUND_ALLOWED_NETWORKS (parley.outbound.allowed-networks) must be"),
        bad.getMessage());
    assertTrue(bad.getMessage().contains("'intranet'"), bad.getMessage());
  }

  @Test
  void theSettingItReplacedStopsTheNodeNamingTheNewOne() {
    InvalidSettingException replaced = assertThrows(InvalidSettingException.class, () -> OutboundSettings.policy(
        ConfigFactory.parseMap(Map.of("parley.outbound.allowed-networks", "",
            "parley.workflows.webhook-private-addresses", "true"))));
    assertTrue(replaced.getMessage().contains("is replaced by PARLEY_OUTBOUND_ALLOWED_NETWORKS"), replaced.getMessage());
  }
}
