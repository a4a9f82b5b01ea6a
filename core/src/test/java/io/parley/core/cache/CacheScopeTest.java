package io.parley.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import java.util.List;
import java.util.Optional;
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

  @Test
  void aTurnsScopeNamesTheConfigurationVersionAndTheCustomersLanguage() {
    Optional<PinnedBotConfig> v3 = Optional.of(new PinnedBotConfig(3, BotConfig.empty()));
    CacheScope english = CacheScope.ofTurn("acme", "prompt", "model", List.of("kb_search"), v3, Optional.of("en-gb"));
    assertEquals(english, CacheScope.ofTurn("acme", "prompt", "model", List.of("kb_search"), v3, Optional.of("en-gb")));
    assertNotEquals(english, CacheScope.ofTurn("acme", "prompt", "model", List.of("kb_search"), v3, Optional.of("de")),
        "an answer in English is no answer for a German page");
    assertNotEquals(english, CacheScope.ofTurn("acme", "prompt", "model", List.of("kb_search"), v3, Optional.empty()));
    assertNotEquals(english, CacheScope.ofTurn("acme", "prompt", "model", List.of("kb_search"),
        Optional.of(new PinnedBotConfig(4, BotConfig.empty())), Optional.of("en-gb")),
        "a new version may change the model's parameters without changing the prompt");
    assertNotEquals(english, CacheScope.ofTurn("acme", "prompt", "model", List.of("kb_search"),
        Optional.of(new PinnedBotConfig(3, BotConfig.empty(), true)), Optional.of("en-gb")),
        "drafts are numbered apart from the published versions");
    assertNotEquals(english, CacheScope.ofTurn("acme", "prompt", "model", List.of("kb_search"), Optional.empty(),
        Optional.of("en-gb")));
    assertNotEquals(english, CacheScope.ofTurn("acme", "prompt", "model", List.of(), v3, Optional.of("en-gb")));
  }
}
