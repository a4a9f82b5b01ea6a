package io.parley.bench.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The answering-machine benchmark of docs/voice.md on its corpus, said by flite and espeak-ng:
 * machine verdicts are right at least nine times in ten (precision), nine machines in ten are
 * caught (recall), and each caught machine's message starts on its cue. Reads no clock.
 */
class AnsweringMachineBenchTest {
  @Test
  void machinesAreToldFromPeopleAndTheMessageWaitsForTheBeep() throws Exception {
    AnsweringMachineBench.Tally all = AnsweringMachineBench.run().get("all");

    assertEquals(29, all.humans);
    assertEquals(26, all.machines);
    assertTrue(all.precision() >= 0.9, "precision " + all.precision() + ": " + all.missed);
    assertTrue(all.recall() >= 0.9, "recall " + all.recall() + ": " + all.missed);
    assertEquals(all.machinesCalledMachine, all.onCue, "every caught machine's message on cue");
  }
}
