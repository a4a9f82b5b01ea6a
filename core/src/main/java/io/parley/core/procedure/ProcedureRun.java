package io.parley.core.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.bot.JsonText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Where one run of a procedure is: the step it is at in each procedure it is inside (the started
 * one, then each sub-procedure called), the variables set so far (JSON text by name) and how it
 * stands. Immutable and pure: a session folds its procedure events through these transitions, so
 * a replay after a crash arrives at the same step with the same variables.
 *
 * <p>Steps run in order. A check that does not hold runs its {@code otherwise} steps instead of the
 * rest, so when they are done, so is the procedure they are in (a sub-procedure returns to its
 * caller). {@code end} finishes the whole run; {@code handoff}, or an ask answered wrongly three
 * times, hands the conversation over.
 */
public record ProcedureRun(String procedure, List<Position> stack, Map<String, String> variables, Status status,
    int asked) {
  /** How many times an ask step asks before it hands over: once, and again at most twice. */
  public static final int MAX_ASKS = 3;

  /** How a run stands. */
  public enum Status { RUNNING, COMPLETED, HANDED_OVER, ABANDONED }

  /** The step a run is at in {@code procedure}: {@code path} indexes its steps, then each nested {@code otherwise}. */
  public record Position(String procedure, List<Integer> path) {
    public Position {
      Objects.requireNonNull(procedure, "procedure");
      path = List.copyOf(path);
    }

    /** As a problem names it: {@code refund.steps[2].otherwise[0]}. */
    public String label() {
      StringBuilder label = new StringBuilder(procedure).append(".steps[").append(path.getFirst()).append(']');
      for (int i = 1; i < path.size(); i++) label.append(".otherwise[").append(path.get(i)).append(']');
      return label.toString();
    }

    Position next() {
      List<Integer> next = new ArrayList<>(path);
      next.set(next.size() - 1, next.getLast() + 1);
      return new Position(procedure, next);
    }

    Position into() {
      List<Integer> deeper = new ArrayList<>(path);
      deeper.add(0);
      return new Position(procedure, deeper);
    }
  }

  public ProcedureRun {
    Objects.requireNonNull(procedure, "procedure");
    stack = List.copyOf(stack);
    variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    Objects.requireNonNull(status, "status");
  }

  /** A run of {@code started} with {@code inputs}, at its first step. */
  public static ProcedureRun start(Procedure started, JsonNode inputs) {
    return new ProcedureRun(started.name(), List.of(new Position(started.name(), List.of(0))),
        Map.of("inputs", inputs.toString()), Status.RUNNING, 0);
  }

  public boolean running() {
    return status == Status.RUNNING;
  }

  /** Where the run is: the step of the innermost procedure it is in. */
  public Position position() {
    return stack.getLast();
  }

  /** The step the run is at; empty once it is over. */
  public Optional<ProcedureStep> step(Map<String, Procedure> procedures) {
    if (!running()) return Optional.empty();
    return stepAt(position(), procedures);
  }

  /**
   * Each check's condition in {@code procedure} by the label a run gives its step ({@code refund.steps[1]},
   * nested ones {@code refund.steps[1].otherwise[0]}): a run's notes keep only the label, and staff read what was tested.
   */
  public static Map<String, String> checksOf(Procedure procedure) {
    Map<String, String> checks = new LinkedHashMap<>();
    labelled(procedure.name(), procedure.steps(), List.of(), (label, step) -> {
      if (step instanceof ProcedureStep.Check check) checks.put(label, check.expression());
    });
    return checks;
  }

  /**
   * The labels of {@code procedure}'s asks whose keypad keeps the caller's keys private
   * ({@link AskKeypad#redact}): their answers are shown to staff as placeholders.
   */
  public static Set<String> privateAsksOf(Procedure procedure) {
    Set<String> asks = new HashSet<>();
    labelled(procedure.name(), procedure.steps(), List.of(), (label, step) -> {
      if (step instanceof ProcedureStep.Ask ask && ask.keypad().filter(AskKeypad::redact).isPresent()) asks.add(label);
    });
    return asks;
  }

  /** Each step of {@code at} and of its checks' {@code otherwise}, with its label, to {@code visit}. */
  private static void labelled(String procedure, List<ProcedureStep> at, List<Integer> path,
      BiConsumer<String, ProcedureStep> visit) {
    for (int index = 0; index < at.size(); index++) {
      List<Integer> here = new ArrayList<>(path);
      here.add(index);
      visit.accept(new Position(procedure, here).label(), at.get(index));
      if (at.get(index) instanceof ProcedureStep.Check check) labelled(procedure, check.otherwise(), here, visit);
    }
  }

  static Optional<ProcedureStep> stepAt(Position at, Map<String, Procedure> procedures) {
    Procedure procedure = procedures.get(at.procedure());
    if (procedure == null) return Optional.empty();
    List<ProcedureStep> steps = procedure.steps();
    ProcedureStep step = null;
    for (int index : at.path()) {
      if (index >= steps.size()) return Optional.empty();
      step = steps.get(index);
      steps = step instanceof ProcedureStep.Check check ? check.otherwise() : List.of();
    }
    return Optional.ofNullable(step);
  }

  /** The variables as JSON values, as templates and checks read them. */
  public Map<String, JsonNode> values() {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    variables.forEach((name, text) -> values.put(name, JsonText.tree(text)));
    return values;
  }

  /** After a tool step or an answered ask: {@code variable} holds {@code value}, and the run goes on. */
  public ProcedureRun set(String variable, String value, Map<String, Procedure> procedures) {
    Map<String, String> set = new LinkedHashMap<>(variables);
    set.put(variable, value);
    return new ProcedureRun(procedure, stack, set, status, 0).onward(procedures);
  }

  /** After a say step, or a check that held. */
  public ProcedureRun passed(Map<String, Procedure> procedures) {
    return new ProcedureRun(procedure, stack, variables, status, 0).onward(procedures);
  }

  /** After a check that did not hold: its {@code otherwise}, or, when it has none, the end of the procedure it is in. */
  public ProcedureRun failed(Map<String, Procedure> procedures) {
    Position at = position();
    boolean branches = stepAt(at, procedures).filter(step -> step instanceof ProcedureStep.Check c && !c.otherwise().isEmpty()).isPresent();
    if (branches) return moved(at.into(), procedures);
    return returned(procedures);
  }

  /** The ask step asked (again). */
  public ProcedureRun askedOnce() {
    return new ProcedureRun(procedure, stack, variables, status, asked + 1);
  }

  /** Whether an ask that was not answered may ask again, or must hand over. */
  public boolean mayAskAgain() {
    return asked < MAX_ASKS;
  }

  /** Into the sub-procedure {@code name}, at its first step. */
  public ProcedureRun called(String name, Map<String, Procedure> procedures) {
    List<Position> deeper = new ArrayList<>(stack);
    deeper.add(new Position(name, List.of(0)));
    return new ProcedureRun(procedure, deeper, variables, status, 0).settled(procedures);
  }

  /** The run is over as {@code how}. */
  public ProcedureRun over(Status how) {
    return new ProcedureRun(procedure, stack, variables, how, 0);
  }

  /** On to the step after this one. */
  private ProcedureRun onward(Map<String, Procedure> procedures) {
    return moved(position().next(), procedures);
  }

  private ProcedureRun moved(Position to, Map<String, Procedure> procedures) {
    List<Position> moved = new ArrayList<>(stack);
    moved.set(moved.size() - 1, to);
    return new ProcedureRun(procedure, moved, variables, status, 0).settled(procedures);
  }

  /**
   * Past the end of a list of steps: past the end of the procedure's own steps, or of an otherwise
   * (which replaced the rest), the procedure is done and its caller goes on; the run completes
   * when the started procedure is done.
   */
  private ProcedureRun settled(Map<String, Procedure> procedures) {
    if (stepAt(position(), procedures).isPresent()) return this;
    return returned(procedures);
  }

  private ProcedureRun returned(Map<String, Procedure> procedures) {
    if (stack.size() == 1) return new ProcedureRun(procedure, stack, variables, Status.COMPLETED, 0);
    List<Position> popped = new ArrayList<>(stack.subList(0, stack.size() - 1));
    return new ProcedureRun(procedure, popped, variables, status, 0).onward(procedures);
  }
}
