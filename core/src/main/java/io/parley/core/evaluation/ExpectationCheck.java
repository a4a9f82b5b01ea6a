package io.parley.core.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.evaluation.Observation.Answer;
import io.parley.core.evaluation.Observation.ToolUse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Checks by code each expectation but the judge's against what a run observed. */
public final class ExpectationCheck {
  private ExpectationCheck() {}

  /** The verdict of {@code expectation}, which is not a {@link Expectation.Judge}. */
  public static ExpectationResult check(Expectation expectation, EvaluationCase of, Observation seen) {
    Optional<TextMatch> match = switch (expectation) {
      case Expectation.Contains c -> Optional.of(c.match());
      case Expectation.NotContains n -> Optional.of(n.match());
      default -> Optional.empty();
    };
    Optional<String> unusable = match.flatMap(TextMatch::unusable);
    if (unusable.isPresent()) {
      return new ExpectationResult(expectation.kind(), match.get().shown(), Verdict.ERROR,
          "the pattern cannot be checked: " + unusable.get() + "; edit the case");
    }
    return switch (expectation) {
      case Expectation.Contains c -> seen.answers().stream().anyMatch(a -> c.match().foundIn(a.text()))
          ? pass(c, c.match().shown(), "an answer holds it")
          : fail(c, c.match().shown(), "no answer holds it");
      case Expectation.NotContains n -> seen.answers().stream().filter(a -> n.match().foundIn(a.text())).findFirst()
          .map(a -> fail(n, n.match().shown(), "an answer holds it: " + shortened(a.text())))
          .orElseGet(() -> pass(n, n.match().shown(), "no answer holds it"));
      case Expectation.ToolCalled t -> toolCalled(t, seen.toolCalls());
      case Expectation.NoToolCalled n -> {
        List<String> called = seen.toolCalls().stream().map(ToolUse::name)
            .filter(name -> n.name().map(name::equals).orElse(true)).distinct().toList();
        String expected = n.name().orElse("any tool");
        yield called.isEmpty() ? pass(n, expected, "not called") : fail(n, expected, "called " + called);
      }
      case Expectation.Handoff h -> h.expected() == seen.handoff()
          ? pass(h, String.valueOf(h.expected()), seen.handoff() ? "a person was asked for" : "the bot kept the conversation")
          : fail(h, String.valueOf(h.expected()), seen.handoff() ? "a person was asked for" : "no person was asked for");
      case Expectation.NoPersonalDataToModel p -> {
        List<String> leaked = of.personalData().stream()
            .filter(data -> seen.modelInput().stream().anyMatch(text -> text.contains(data))).toList();
        yield leaked.isEmpty() ? pass(p, "true", "none of the " + of.personalData().size() + " marked reached the model")
            : fail(p, "true", leaked.size() + " of the marked reached the model");
      }
      case Expectation.FromSource s -> {
        List<String> others = seen.answers().stream().map(Answer::source).filter(source -> source != s.source())
            .map(source -> source.wireName()).distinct().toList();
        String expected = s.source().wireName();
        if (seen.answers().isEmpty()) yield fail(s, expected, "the bot gave no answer");
        yield others.isEmpty() ? pass(s, expected, "every answer") : fail(s, expected, "answers came from " + others);
      }
      case Expectation.MaxTokens m -> seen.tokens() <= m.tokens()
          ? pass(m, String.valueOf(m.tokens()), seen.tokens() + " tokens used")
          : fail(m, String.valueOf(m.tokens()), seen.tokens() + " tokens used");
      case Expectation.ProcedureCompleted p -> procedureCompleted(p, seen.procedures());
      case Expectation.ProcedureStepWent p -> procedureStep(p, seen.procedures());
      case Expectation.Judge j -> throw new IllegalArgumentException("a model judges " + j.kind());
    };
  }

  private static ExpectationResult toolCalled(Expectation.ToolCalled t, List<ToolUse> calls) {
    String expected = t.name() + t.arguments().map(a -> " " + a).orElse("");
    List<ToolUse> named = calls.stream().filter(call -> call.name().equals(t.name())).toList();
    if (named.isEmpty()) {
      return fail(t, expected, calls.isEmpty() ? "no tool was called"
          : "called " + calls.stream().map(ToolUse::name).distinct().collect(Collectors.joining(", ")) + " only");
    }
    if (t.arguments().isEmpty()) return pass(t, expected, named.size() == 1 ? "called once" : "called " + named.size() + " times");
    return named.stream().anyMatch(call -> holds(call.arguments(), t.arguments().get()))
        ? pass(t, expected, "called with those arguments")
        : fail(t, expected, "called with other arguments: " + named.stream().map(c -> c.arguments().toString()).toList());
  }

  private static ExpectationResult procedureCompleted(Expectation.ProcedureCompleted p, List<Observation.ProcedureRan> runs) {
    String expected = p.name() + (p.completed() ? " completed" : " not completed");
    List<Observation.ProcedureRan> named = runs.stream().filter(run -> run.name().equals(p.name())).toList();
    if (named.isEmpty()) return fail(p, expected, p.name() + " did not run");
    return named.stream().anyMatch(run -> run.completed() == p.completed())
        ? pass(p, expected, named.size() == 1 ? "it ran once" : "it ran " + named.size() + " times")
        : fail(p, expected, p.completed() ? "it was handed over" : "it completed");
  }

  private static ExpectationResult procedureStep(Expectation.ProcedureStepWent p, List<Observation.ProcedureRan> runs) {
    String step = p.name() + "." + p.step();
    String expected = step + " " + p.outcome();
    List<String> went = runs.stream().filter(run -> run.name().equals(p.name())).flatMap(run -> run.steps().stream())
        .filter(s -> s.step().equals(step)).map(Observation.StepWent::outcome).distinct().toList();
    if (went.isEmpty()) return fail(p, expected, step + " was not reached");
    return went.contains(p.outcome()) ? pass(p, expected, "it went so") : fail(p, expected, "it went " + went);
  }

  /** Whether {@code actual} has every field of {@code expected}, objects compared field by field, all else equal. */
  static boolean holds(JsonNode actual, JsonNode expected) {
    if (!expected.isObject()) return expected.equals(actual) || (expected.isNumber() && actual.isNumber()
        && expected.decimalValue().compareTo(actual.decimalValue()) == 0);
    if (actual == null || !actual.isObject()) return false;
    for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = actual.get(field.getKey());
      if (value == null || !holds(value, field.getValue())) return false;
    }
    return true;
  }

  private static String shortened(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }

  private static ExpectationResult pass(Expectation e, String expected, String reason) {
    return new ExpectationResult(e.kind(), expected, Verdict.PASS, reason);
  }

  private static ExpectationResult fail(Expectation e, String expected, String reason) {
    return new ExpectationResult(e.kind(), expected, Verdict.FAIL, reason);
  }
}
