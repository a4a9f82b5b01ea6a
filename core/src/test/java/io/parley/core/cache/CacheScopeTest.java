package io.parley.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheScopeTest {
  @Test
  void theSamePartsGiveTheSameFingerprint() {
    assertEquals(CacheScope.of("acme", List.of("prompt", "model")), CacheScope.of("acme", List.of("prompt", "model")));
    assertEquals(32, CacheScope.of("acme", List.of("prompt")).fingerprint().length());
  }

  @Test
  void anyChangedPartChangesIt() {
    String base = CacheScope.of("acme", List.of("prompt", "model")).fingerprint();
    assertNotEquals(base, CacheScope.of("acme", List.of("prompt.", "model")).fingerprint());
    assertNotEquals(base, CacheScope.of("acme", List.of("prompt", "model-2")).fingerprint());
    // Parts are delimited: moving a character from one part to the next is a different scope.
    assertNotEquals(CacheScope.of("acme", List.of("ab", "c")), CacheScope.of("acme", List.of("a", "bc")));
  }
}
