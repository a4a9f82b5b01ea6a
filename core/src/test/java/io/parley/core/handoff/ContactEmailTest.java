package io.parley.core.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContactEmailTest {
  @Test
  void keepsAnAddressWithItsDomainInLowerCase() {
    assertEquals(Optional.of("Ann.Lee+orders@example.com"), ContactEmail.parse("  Ann.Lee+orders@Example.COM "));
    assertEquals(Optional.of("a@b.co.uk"), ContactEmail.parse("a@b.co.uk"));
  }

  @Test
  void refusesWhatIsNotAnAddress() {
    for (String raw : new String[] {"", "ann", "ann@", "@example.com", "ann@example", "ann@@example.com",
        "ann lee@example.com", ".ann@example.com", "ann.@example.com", "an..n@example.com", "ann@-example.com",
        "ann@example.c", "a".repeat(250) + "@example.com"}) {
      assertTrue(ContactEmail.parse(raw).isEmpty(), raw);
    }
    assertTrue(ContactEmail.parse(null).isEmpty());
  }
}
