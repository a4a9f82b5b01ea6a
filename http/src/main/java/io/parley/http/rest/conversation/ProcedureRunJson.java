package io.parley.http.rest.conversation;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.procedure.ProcedureRun;
import io.parley.sessions.procedure.ProcedureNote;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A procedure's run as the support team reads it in a session's view (docs/procedures.md): the
 * procedure, the message that started it, how it stands ({@code running}, {@code completed},
 * {@code handed_over: <reason>}, {@code abandoned}), the step a running one is at ({@code position}) and each step that happened, with what each
 * tool returned, what each check saw and whether it held, and each ask and its answer (a caller's
 * keys an ask keeps private as {@code [KEYPAD]}, as its transcript shows them).
 */
public record ProcedureRunJson(String runId, String procedure, String turnId, Instant startedAt, String outcome,
    Optional<String> position, List<StepJson> steps) {

  /**
   * One step: its label ({@code refund.steps[2]}), its kind, what it produced or saw, for a check the
   * condition it tested ({@code expression}, as the session's configuration wrote it), and for an
   * ask the question as the bot's message put it ({@code prompt}). A run's end is a step of kind
   * {@code end} named after the step it ended at: the {@code end} or {@code handoff} step, or the
   * last step done when that completed the run.
   */
  public record StepJson(String step, String kind, Optional<String> expression, Optional<String> prompt,
      Optional<String> value, Optional<Boolean> held, Optional<String> error, Instant at) {}

  /** The session's runs, each check with its condition from the configuration the session runs on ({@code pinned}). */
  public static List<ProcedureRunJson> allOf(List<ProcedureNote> notes, Optional<PinnedBotConfig> pinned) {
    Map<String, String> checks = new HashMap<>();
    Set<String> privateAsks = new HashSet<>();
    pinned.ifPresent(config -> config.config().procedures().forEach(procedure -> {
      checks.putAll(ProcedureRun.checksOf(procedure));
      privateAsks.addAll(ProcedureRun.privateAsksOf(procedure));
    }));
    return notes.stream().map(note -> of(note, checks, privateAsks)).toList();
  }

  /**
   * {@code note} as staff read it, each check with its condition from {@code checks} (by step label),
   * the answers of {@code privateAsks} as placeholders.
   */
  static ProcedureRunJson of(ProcedureNote note, Map<String, String> checks, Set<String> privateAsks) {
    return new ProcedureRunJson(note.runId(), note.run().procedure(), note.turnId(), note.startedAt(),
        note.outcome().orElse("running"), note.run().running() ? Optional.of(note.label()) : Optional.empty(),
        note.steps().stream().map(step -> {
          boolean ask = "ask".equals(step.kind());
          return new StepJson(step.label(), step.kind(),
              "check".equals(step.kind()) ? Optional.ofNullable(checks.get(step.label())) : Optional.empty(),
              ask ? step.value() : Optional.empty(),
              ask ? Optional.empty() : step.value().map(value -> privateAsks.contains(step.label()) ? "[KEYPAD]" : value),
              step.held(), step.error(),
              step.at());
        }).toList());
  }
}
