package io.parley.core.experiment;

/** The experiment a conversation was started in, and the arm it was given: it keeps both to its end. */
public record ExperimentArm(int experiment, Arm arm) {}
