package io.parley.core.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
  private final OriginPolicy policy = OriginPolicy.of(List.of("https://www.acme.example", " https://Shop.Acme.example:8443 "));

  @Test
  void theNodesOwnPageAndTheConfiguredSitesAreAllowed() {
    assertTrue(policy.allows(Optional.of("http://127.0.0.1:8080"), "127.0.0.1:8080"));
    assertTrue(policy.allows(Optional.of("https://www.acme.example"), "chat.acme.example"));
    assertTrue(policy.allows(Optional.of("https://shop.acme.example:8443"), "chat.acme.example"));
  }

  @Test
  void anyOtherPageIsRefused() {
    assertFalse(policy.allows(Optional.of("https://evil.example"), "chat.acme.example"));
    assertFalse(policy.allows(Optional.of("http://www.acme.example"), "chat.acme.example"), "scheme counts");
    assertFalse(policy.allows(Optional.of("http://127.0.0.1:9999"), "127.0.0.1:8080"), "port counts");
    assertFalse(policy.allows(Optional.of("null"), "127.0.0.1:8080"), "sandboxed frames and files send null");
  }

  @Test
  void clientsThatAreNotBrowsersSendNoOriginAndRelyOnTheirCredential() {
    assertTrue(policy.allows(Optional.empty(), "chat.acme.example"));
  }

  @Test
  void aStarAllowsEveryOriginAndGarbageIsRefusedAtStartUp() {
    assertTrue(OriginPolicy.of(List.of("*")).allows(Optional.of("https://evil.example"), "x"));
    assertThrows(IllegalArgumentException.class, () -> OriginPolicy.of(List.of("www.acme.example")));
    assertThrows(IllegalArgumentException.class, () -> OriginPolicy.of(List.of("https://acme.example/chat")));
  }

  @Test
  void aTenantsOwnSitesAddToTheNodesForThatTenantOnly() {
    OriginPolicy acme = policy.with(List.of("https://help.acme.example"));
    assertTrue(acme.allows(Optional.of("https://help.acme.example"), "chat.example"));
    assertTrue(acme.allows(Optional.of("https://www.acme.example"), "chat.example"), "the node's list still applies");
    assertFalse(policy.allows(Optional.of("https://help.acme.example"), "chat.example"), "the node's own policy is unchanged");
    assertThrows(IllegalArgumentException.class, () -> policy.with(List.of("help.acme.example")));
  }

  @Test
  void againstRebindingTheNodesOwnPageCountsOnlyOnALoopbackName() {
    assertTrue(policy.allowsWithoutRebinding(Optional.of("http://127.0.0.1:8080"), "127.0.0.1:8080"));
    assertTrue(policy.allowsWithoutRebinding(Optional.of("http://localhost:8080"), "LOCALHOST:8080"));
    assertTrue(policy.allowsWithoutRebinding(Optional.of("http://[::1]:8080"), "[::1]:8080"));
    assertFalse(policy.allowsWithoutRebinding(Optional.of("http://evil.example:8080"), "evil.example:8080"),
        "a page whose name was rebound to the node is same-origin with its Host");
    assertFalse(policy.allowsWithoutRebinding(Optional.of("https://chat.acme.example"), "chat.acme.example"));
    assertFalse(policy.allowsWithoutRebinding(Optional.of("http://localhost:9999"), "localhost:8080"), "port counts");
  }

  @Test
  void againstRebindingTheListedSitesAndClientsThatAreNotBrowsersAreAllowed() {
    assertTrue(policy.allowsWithoutRebinding(Optional.of("https://www.acme.example"), "chat.acme.example"));
    assertTrue(policy.allowsWithoutRebinding(Optional.empty(), "chat.acme.example"));
    assertTrue(OriginPolicy.of(List.of("*")).allowsWithoutRebinding(Optional.of("https://evil.example"), "evil.example"));
  }
}
