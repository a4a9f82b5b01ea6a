package io.parley.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ArmAssignmentTest {
  @Test
  void theSameSessionAlwaysGetsTheSameArm() {
    String id = "7f0c3b8e-2a4d-4c61-9d0f-3b1a2c4d5e6f";
    assertEquals(ArmAssignment.of(3, 0.5, id), ArmAssignment.of(3, 0.5, id));
    // Pinned: the documented hash must not change between releases.
    assertEquals(0.4861, ArmAssignment.fraction(3, id), 0.0001);
  }

  @Test
  void sharesOfZeroAndOneSendEveryoneOneWay() {
    for (int i = 0; i < 100; i++) {
      String id = UUID.randomUUID().toString();
      assertEquals(Arm.LIVE, ArmAssignment.of(1, 0, id));
      assertEquals(Arm.CANDIDATE, ArmAssignment.of(1, 1, id));
    }
  }

  @Test
  void aShareSplitsManySessionsCloseToIt() {
    int candidates = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      if (ArmAssignment.of(7, 0.3, new UUID(0x1234L, i).toString()) == Arm.CANDIDATE) candidates++;
    }
    double share = (double) candidates / n;
    assertTrue(Math.abs(share - 0.3) < 0.015, "share " + share);
  }
}
