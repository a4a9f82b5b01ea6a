package io.parley.core.evaluation;

/** One expectation of a case as a run found it: its kind, as the case wrote it, the verdict and why. */
public record ExpectationResult(String kind, String expected, Verdict verdict, String reason) {}
