package io.parley.core.gaps;

import java.time.Instant;

/** One stored unanswered question with its sentence embedding (a unit vector), as topics are made of. */
public record GapSample(String question, GapReason reason, Instant at, float[] embedding) {}
