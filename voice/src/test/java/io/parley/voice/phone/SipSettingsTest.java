package io.parley.voice.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.testing.ModuleReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SipSettingsTest {
  /** The settings with {@code environment} as the PARLEY_* variables, not the environment of whoever builds. */
  private static SipSettings withEnvironment(Map<String, String> environment) {
    return SipSettings.create(new ModuleReference(ConfigFactory.defaultReferenceUnresolved()).withEnvironment(environment));
  }

  @Test
  void theJitterBufferStartsAtTwentyMillisecondsAndGrowsToTwoHundredUnlessToldOtherwise() {
    assertEquals(Duration.ofMillis(20), withEnvironment(Map.of()).jitterBuffer());
    assertEquals(Duration.ofMillis(200), withEnvironment(Map.of()).jitterBufferMax());
    SipSettings fixed = withEnvironment(Map.of("PARLEY_SIP_JITTER_BUFFER", "60ms", "PARLEY_SIP_JITTER_BUFFER_MAX", "60ms"));
    assertEquals(Duration.ofMillis(60), fixed.jitterBuffer());
    assertEquals(Duration.ofMillis(60), fixed.jitterBufferMax());
  }

  @Test
  void aJitterBufferMaxBelowItsStartIsRefused() {
    InvalidSettingException refused = assertThrows(InvalidSettingException.class,
        () -> withEnvironment(Map.of("PARLEY_SIP_JITTER_BUFFER", "300ms")));
    assertTrue(refused.getMessage().startsWith("PARLEY_SIP_JITTER_BUFFER_MAX (parley.sip.jitter-buffer-max): expected a"
        + " duration from PARLEY_SIP_JITTER_BUFFER (300ms) to 1s"), refused.getMessage());
  }

  @Test
  void aJitterBufferShorterThanAFrameOrLongerThanASecondIsRefused() {
    for (String value : new String[] {"10ms", "2s"}) {
      InvalidSettingException refused = assertThrows(InvalidSettingException.class,
          () -> withEnvironment(Map.of("PARLEY_SIP_JITTER_BUFFER", value)));
      assertTrue(refused.getMessage().contains("PARLEY_SIP_JITTER_BUFFER"), refused.getMessage());
    }
  }

  @Test
  void digestChallengesOfferSha256ThenMd5UnlessToldOtherwise() {
    assertEquals(List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), withEnvironment(Map.of()).digestAlgorithms());
    assertEquals(List.of(DigestAlgorithm.MD5),
        withEnvironment(Map.of("PARLEY_SIP_DIGEST_ALGORITHMS", "md5")).digestAlgorithms());
  }

  @Test
  void anUnknownOrNoDigestAlgorithmIsRefused() {
    for (String value : new String[] {"SHA-256,MD5-sess", "", "MD5,MD5"}) {
      InvalidSettingException refused = assertThrows(InvalidSettingException.class,
          () -> withEnvironment(Map.of("PARLEY_SIP_DIGEST_ALGORITHMS", value)));
      assertTrue(refused.getMessage().contains("PARLEY_SIP_DIGEST_ALGORITHMS"), refused.getMessage());
    }
  }

  @Test
  void callsAreToldTheHostUnlessAnotherAddressIsAdvertised() {
    assertEquals("127.0.0.1", withEnvironment(Map.of()).advertised());
    assertEquals("203.0.113.7", withEnvironment(Map.of("PARLEY_SIP_HOST", "0.0.0.0",
        "PARLEY_SIP_ADVERTISED_ADDRESS", "203.0.113.7")).advertised());
  }

  @Test
  void aNodeListeningOnEveryAddressMustSayWhichOneCallersReach() {
    InvalidSettingException refused = assertThrows(InvalidSettingException.class,
        () -> withEnvironment(Map.of("PARLEY_SIP_HOST", "0.0.0.0")));
    assertTrue(refused.getMessage().startsWith("PARLEY_SIP_ADVERTISED_ADDRESS (parley.sip.advertised-address): required"
        + " when PARLEY_SIP_HOST is '0.0.0.0'"), refused.getMessage());
    assertEquals("0.0.0.0", withEnvironment(Map.of("PARLEY_SIP_HOST", "0.0.0.0", "PARLEY_SIP_ENABLED", "false"))
        .host(), "a node that takes no calls tells nobody where to send them");
  }

  @Test
  void anAdvertisedAddressThatIsNoIpv4AddressIsRefused() {
    for (String value : new String[] {"sip.example.com", "0.0.0.0", "2001:db8::1"}) {
      InvalidSettingException refused = assertThrows(InvalidSettingException.class,
          () -> withEnvironment(Map.of("PARLEY_SIP_ADVERTISED_ADDRESS", value)), value);
      assertTrue(refused.getMessage().startsWith("PARLEY_SIP_ADVERTISED_ADDRESS (parley.sip.advertised-address):"
          + " expected the IPv4 address callers reach this node at"), refused.getMessage());
    }
  }
}
