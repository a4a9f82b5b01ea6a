package io.parley.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.handoff.HandoffStatus;
import io.parley.core.identity.Role;
import io.parley.core.session.Channel;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireNameTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aConstantIsNamedByItsLowerCaseNameAndFoundByIt() {
    assertEquals("waiting_for_agent", HandoffStatus.WAITING_FOR_AGENT.wireName());
    assertEquals(Optional.of(Role.ADMIN), WireName.find(Role.values(), "admin"));
    assertEquals(Optional.empty(), WireName.find(Role.values(), "ADMIN"));
  }

  @Test
  void anUnknownNameIsRefusedWithTheNamesAllowed() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> HandoffStatus.fromWireName("bot "));
    assertEquals("handoff status must be one of [bot, waiting_for_agent, agent], got bot ", refused.getMessage());
  }

  @Test
  void theJsonOfAConstantInJsonIsItsWireNameAsValueAndAsKey() throws Exception {
    String written = JSON.writeValueAsString(Map.of(Channel.PHONE, HandoffStatus.WAITING_FOR_AGENT));
    assertEquals("{\"phone\":\"waiting_for_agent\"}", written);
    assertEquals(Map.of(Channel.PHONE, HandoffStatus.WAITING_FOR_AGENT),
        JSON.readValue(written, new TypeReference<Map<Channel, HandoffStatus>>() {}));
  }

  /** What was written before under the constant's name stays readable: only InJson changes the JSON. */
  @Test
  void theJsonOfAPlainWireNameIsTheConstantsName() throws Exception {
    assertEquals("\"ADMIN\"", JSON.writeValueAsString(Role.ADMIN));
    assertEquals(Role.ADMIN, JSON.readValue("\"ADMIN\"", Role.class));
  }
}
