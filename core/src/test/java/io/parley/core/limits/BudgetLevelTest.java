package io.parley.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetLevelTest {

  @Test
  void theLevelsReachedSinceTheLastToldAreEachToldOnceLowestFirst() {
    assertEquals(List.of(BudgetLevel.ALERT, BudgetLevel.SPENT), BudgetLevel.SPENT.reachedSince(BudgetLevel.UNDER),
        "one step past 80 and 100 % tells both");
    assertEquals(List.of(BudgetLevel.SPENT), BudgetLevel.SPENT.reachedSince(BudgetLevel.ALERT));
    assertEquals(List.of(), BudgetLevel.ALERT.reachedSince(BudgetLevel.ALERT), "a level told is not told again");
    assertEquals(List.of(), BudgetLevel.UNDER.reachedSince(BudgetLevel.UNDER));
    assertEquals(List.of(), BudgetLevel.ALERT.reachedSince(BudgetLevel.SPENT), "a larger limit tells nothing");
  }
}
