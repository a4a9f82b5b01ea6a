package io.parley.voice.phone.machine;

import io.parley.voice.phone.machine.AnsweringMachineDetector.Result;
import java.util.function.Consumer;

/** A call the node placed, screened for an answering machine: what it does on one, and who hears the verdict. */
public record Screening(MachinePolicy policy, Consumer<Result> verdict) {}
