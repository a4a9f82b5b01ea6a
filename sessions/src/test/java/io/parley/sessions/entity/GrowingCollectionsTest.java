package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrowingCollectionsTest {
  @Test
  void aGrowingListReadsAsTheListOfWhatWasAddedAcrossMerges() {
    GrowingList<Integer> list = GrowingList.of(List.of());
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 3 * GrowingList.RECENT + 5; i++) {
      list = list.plus(i);
      expected.add(i);
      assertEquals(expected, list);
      assertEquals(expected.hashCode(), list.hashCode());
    }
    assertEquals(expected.subList(100, 150), list.subList(100, 150));
    assertEquals(expected, List.copyOf(list));
  }

  @Test
  void versionsOfAGrowingListAreIndependent() {
    GrowingList<String> base = GrowingList.of(List.of("q1", "a1"));
    GrowingList<String> one = base.plus("q2");
    GrowingList<String> other = base.plus("withdrawn");
    assertEquals(List.of("q1", "a1"), base);
    assertEquals(List.of("q1", "a1", "q2"), one);
    assertEquals(List.of("q1", "a1", "withdrawn"), other);
    assertSame(one, GrowingList.of(one));
    assertThrows(UnsupportedOperationException.class, () -> one.add("more"));
    assertThrows(NullPointerException.class, () -> GrowingList.of(java.util.Arrays.asList("x", null)));
  }

  @Test
  void aGrowingMapReadsAsTheMapOfWhatWasAddedAcrossMerges() {
    GrowingMap<String, Long> map = GrowingMap.of(Map.of("c-0", 0L));
    Map<String, Long> expected = new HashMap<>(Map.of("c-0", 0L));
    for (long i = 1; i < 3 * GrowingList.RECENT + 5; i++) {
      map = map.plus("c-" + i, i);
      expected.put("c-" + i, i);
      assertEquals(expected, map);
      assertEquals(expected.hashCode(), map.hashCode());
    }
    assertEquals(3L, map.get("c-3"));
    assertTrue(map.containsKey("c-100"));
    assertNull(map.get("c-unknown"));
    assertFalse(map.containsKey("c-unknown"));
  }

  @Test
  void aGrowingMapTakesAKeyAgainWithItsNewValue() {
    GrowingMap<String, Long> map = GrowingMap.of(Map.of("settled", 1L)).plus("recent", 2L);
    assertEquals(Map.of("settled", 10L, "recent", 2L), map.plus("settled", 10L));
    assertEquals(Map.of("settled", 1L, "recent", 20L), map.plus("recent", 20L));
    assertEquals(Map.of("settled", 1L, "recent", 2L), map);
  }
}
