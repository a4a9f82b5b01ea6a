package io.parley.voice.phone.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The key of a SIP INFO's body, as PBXs write them. */
class DtmfInfoTest {
  @Test
  void aDtmfRelayBodyNamesItsSignal() {
    assertEquals(Optional.of('5'), DtmfInfo.key("dtmf-relay", "Signal=5\r\nDuration=160\r\n"));
    assertEquals(Optional.of('#'), DtmfInfo.key("dtmf-relay", "signal= #\nDuration=250"));
    assertEquals(Optional.of('*'), DtmfInfo.key("dtmf-relay", "Signal=10\r\nDuration=160"), "* by its event number");
    assertEquals(Optional.of('D'), DtmfInfo.key("dtmf-relay", "Signal=d"));
    assertEquals(Optional.empty(), DtmfInfo.key("dtmf-relay", "Duration=160"), "no signal");
    assertEquals(Optional.empty(), DtmfInfo.key("dtmf-relay", "Signal=12"), "no key");
  }

  @Test
  void aDtmfBodyIsTheKeyAlone() {
    assertEquals(Optional.of('7'), DtmfInfo.key("dtmf", "7\r\n"));
    assertEquals(Optional.empty(), DtmfInfo.key("dtmf", "77"));
    assertEquals(Optional.empty(), DtmfInfo.key("dtmf", "x".repeat(DtmfInfo.MAX_LENGTH + 1)));
  }

  @Test
  void onlyTheDtmfTypesCarryKeys() {
    assertTrue(DtmfInfo.carriesKeys("application", "dtmf-relay"));
    assertTrue(DtmfInfo.carriesKeys("Application", "DTMF"));
    assertFalse(DtmfInfo.carriesKeys("text", "plain"));
    assertFalse(DtmfInfo.carriesKeys("application", "sdp"));
  }
}
