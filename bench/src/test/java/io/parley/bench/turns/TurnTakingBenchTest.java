package io.parley.bench.turns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The turn-taking benchmark of docs/voice.md on its corpus, said by flite and espeak-ng: with words,
 * at most one turn in ten with a pause mid-sentence is cut off, fewer than on silence alone, at
 * most one complete turn in ten is ended before its end, and every interruption and no backchannel
 * barges in. Reads no clock.
 */
class TurnTakingBenchTest {
  @Test
  void wordsCutOffFewerCallersAndTellBackchannelsFromInterruptions() throws Exception {
    TurnTakingBench.Tally all = TurnTakingBench.run().get("all");

    assertEquals(130, all.paused);
    assertTrue(all.cutWords * 10 <= all.paused, all.cutWords + " of " + all.paused + " cut off with words");
    assertTrue(all.completeCutWords * 10 <= all.complete, all.completeCutWords + " of " + all.complete
        + " complete turns cut before their end");
    assertTrue(all.cutWords < all.cutAlone, all.cutWords + " with words, " + all.cutAlone + " on silence alone");
    assertEquals(all.interruptions, all.bargedWords[1], "every interruption barges in");
    assertEquals(0, all.bargedWords[0], "no backchannel does");
    assertTrue(all.bargedAlone[0] > 0, "on silence alone, backchannels do");
  }
}
