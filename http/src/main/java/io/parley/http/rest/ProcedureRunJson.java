package io.parley.http.rest;

import io.parley.sessions.procedure.ProcedureNote;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A procedure's run as the support team reads it in a session's view (docs/procedures.md): the
 * procedure, the message that started it, how it stands ({@code running}, {@code completed},
 * {@code handed_over: <reason>}, {@code abandoned}), the step a running one is at ({@code position}) and each step that happened, with what each
 * tool returned, what each check saw and whether it held, and each ask and its answer.
 */
public record ProcedureRunJson(String runId, String procedure, String turnId, Instant startedAt, String outcome,
    Optional<String> position, List<StepJson> steps) {

  /** One step: its label ({@code refund.steps[2]}), its kind, and what it produced or saw. */
  public record StepJson(String step, String kind, Optional<String> value, Optional<Boolean> held,
      Optional<String> error, Instant at) {}

  static ProcedureRunJson of(ProcedureNote note) {
    return new ProcedureRunJson(note.runId(), note.run().procedure(), note.turnId(), note.startedAt(),
        note.outcome().orElse("running"), note.run().running() ? Optional.of(note.label()) : Optional.empty(),
        note.steps().stream().map(step -> new StepJson(step.label(), step.kind(), step.value(), step.held(), step.error(),
            step.at())).toList());
  }
}
