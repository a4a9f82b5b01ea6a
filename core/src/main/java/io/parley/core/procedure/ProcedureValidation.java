package io.parley.core.procedure;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.parley.core.session.ReplyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks well-formed procedures as the session will run them: each step's tool is one the bot has,
 * each variable a template or a check names is set by a step before it (or is {@code inputs}),
 * each check compiles to a condition, each sub-procedure exists and none calls itself, however
 * indirectly. A procedure is walked on its own from its start (the model may start any of them);
 * a sub-procedure is walked where it is called, with the variables set so far, and what it sets
 * is known after it.
 */
final class ProcedureValidation {
  private final Map<String, Integer> indexes;
  private final List<Procedure> procedures;
  private final Set<String> tools;
  private final List<String> problems = new ArrayList<>();

  private ProcedureValidation(List<Procedure> procedures, Set<String> tools) {
    this.procedures = procedures;
    this.tools = tools;
    this.indexes = new java.util.HashMap<>();
    for (int i = 0; i < procedures.size(); i++) indexes.putIfAbsent(procedures.get(i).name(), i);
  }

  static List<String> problems(List<Procedure> procedures, Set<String> tools) {
    ProcedureValidation validation = new ProcedureValidation(procedures, tools);
    for (int i = 0; i < procedures.size(); i++) {
      Set<String> known = new HashSet<>(Set.of("inputs"));
      List<String> calls = new ArrayList<>(List.of(procedures.get(i).name()));
      validation.walk(procedures.get(i).steps(), "procedures[" + i + "].steps", known, calls, true);
    }
    return validation.problems;
  }

  /** Walks {@code steps}, adding to {@code known} what they set; {@code report} is false inside a called procedure, checked on its own. */
  private void walk(List<ProcedureStep> steps, String at, Set<String> known, List<String> calls, boolean report) {
    for (int i = 0; i < steps.size(); i++) {
      String step = at + "[" + i + "]";
      Function<String, Boolean> add = problem -> report && problems.add(problem);
      switch (steps.get(i)) {
        case ProcedureStep.Tool tool -> {
          if (!tools.contains(tool.tool())) {
            add.apply(step + ".tool: no tool is named " + tool.tool() + " (known: "
                + String.join(", ", tools.stream().sorted().toList()) + ")");
          }
          templated(tool.arguments(), step + ".arguments", known).ifPresent(add::apply);
          known.add(tool.as());
        }
        case ProcedureStep.Check check -> {
          Set<String> names = new HashSet<>(known);
          ProcedureCheck.problem(check.expression(), names).ifPresent(problem -> add.apply(step + ".check: " + problem));
          walk(check.otherwise(), step + ".otherwise", new HashSet<>(known), calls, report);
        }
        case ProcedureStep.Ask ask -> {
          templated(ask.prompt(), step + ".prompt", known).ifPresent(add::apply);
          ask.texts().forEach((language, text) -> templated(text, step + ".texts." + language, known).ifPresent(add::apply));
          AskSchema.problem(ask.schema()).ifPresent(problem -> add.apply(step + ".schema: " + problem));
          keypadProblems(ask, step + ".keypad").forEach(add::apply);
          known.add(ask.variable());
        }
        case ProcedureStep.Say say -> {
          templated(say.text(), step + ".say", known).ifPresent(add::apply);
          say.texts().forEach((language, text) -> templated(text, step + ".texts." + language, known).ifPresent(add::apply));
          for (int o = 0; o < say.options().size(); o++) {
            ReplyOption option = say.options().get(o);
            templated(option.label(), step + ".options[" + o + "].label", known).ifPresent(add::apply);
            // A value left out is the label: its problem is named once, at the label.
            if (!option.value().equals(option.label())) {
              templated(option.value(), step + ".options[" + o + "].value", known).ifPresent(add::apply);
            }
          }
        }
        case ProcedureStep.Handoff handoff -> { }
        case ProcedureStep.End end -> { }
        case ProcedureStep.Call call -> {
          Integer callee = indexes.get(call.name());
          if (callee == null) {
            add.apply(step + ".procedure: no procedure is named " + call.name());
          } else if (calls.contains(call.name())) {
            // Reported at the call that closes the cycle, however deep the walk found it.
            String cycle = step + ".procedure: " + call.name() + " would call itself ("
                + String.join(" → ", calls) + " → " + call.name() + ")";
            if (problems.stream().noneMatch(problem -> problem.startsWith(step + ".procedure:"))) problems.add(cycle);
          } else {
            calls.add(call.name());
            walk(procedures.get(callee).steps(), "procedures[" + callee + "].steps", known, calls, false);
            calls.removeLast();
          }
        }
      }
    }
  }

  /** Why an ask's keypad menu cannot give a valid answer: a choice's value the ask's schema refuses. */
  private static List<String> keypadProblems(ProcedureStep.Ask ask, String at) {
    if (ask.keypad().isEmpty() || AskSchema.problem(ask.schema()).isPresent()) return List.of();
    List<String> found = new ArrayList<>();
    List<AskKeypad.MenuEntry> menu = ask.keypad().get().menu();
    for (int i = 0; i < menu.size(); i++) {
      var value = JsonNodeFactory.instance.textNode(menu.get(i).value());
      List<String> refused = AskSchema.problems(ask.schema(), value);
      if (!refused.isEmpty()) found.add(at + ".menu[" + i + "].value: the ask's schema refuses it (" + refused.getFirst() + ")");
    }
    return found;
  }

  /** Why {@code text}'s placeholders are wrong: malformed, or naming a variable no step set before. */
  private static Optional<String> templated(String text, String at, Set<String> known) {
    if (!StepTemplate.wellFormed(text)) {
      return Optional.of(at + ": a {{...}} must be a variable and its fields, such as {{inputs.order}}");
    }
    Set<String> unknown = StepTemplate.roots(text).stream().filter(root -> !known.contains(root))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
    return unknown.isEmpty() ? Optional.empty() : Optional.of(at + ": no step before sets " + String.join(", ", unknown)
        + " (known here: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
  }
}
