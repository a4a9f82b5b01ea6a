package io.parley.sessions.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentlyUsedTest {
  @Test
  void theEntryLeastRecentlyReadOrWrittenIsForgottenFirst() {
    Map<String, Integer> recent = RecentlyUsed.atMost(3);
    recent.put("joan", 1);
    recent.put("ana", 2);
    recent.put("li", 3);
    recent.get("joan");
    recent.put("sam", 4);
    assertEquals(List.of("li", "joan", "sam"), List.copyOf(recent.keySet()));
    recent.put("li", 5);
    recent.put("kim", 6);
    assertEquals(List.of("sam", "li", "kim"), List.copyOf(recent.keySet()));
  }
}
