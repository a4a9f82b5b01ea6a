package io.parley.core.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.parley.core.compute.LogicBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A procedure's {@code check}: a Common Expression Language condition over the procedure's
 * variables (each of any JSON type) and {@code now} (a timestamp), compiled when the configuration
 * is saved and evaluated in code when the step runs. CEL has no loops but its bounded macros and
 * no side effects; the options below bound an expression's size and its macros' iterations. That
 * bounds its steps, not what they build: a few nested macros around a string joined to itself many
 * times build gigabytes from a short check. So a check whose {@link CheckCost static cost} is too
 * high is refused when saved, and each evaluation runs under a {@link LogicBudget} of time and of
 * the values it builds ({@link CheckMeter}): a check past it could not be evaluated, and does not hold.
 */
public final class ProcedureCheck {
  static final int MAX_EXPRESSION = 1_000;
  static final int MAX_ITERATIONS = 1_000;
  private static final CelOptions OPTIONS = CelOptions.current()
      .maxExpressionCodePointSize(MAX_EXPRESSION)
      .maxParseRecursionDepth(32)
      .comprehensionMaxIterations(MAX_ITERATIONS)
      .maxRegexProgramSize(1_000)
      .enableHeterogeneousNumericComparisons(true)
      .build();

  private ProcedureCheck() {}

  /** What an evaluation found: whether the condition held, and why not when it could not be evaluated. */
  public record Outcome(boolean passed, Optional<String> error) {
    static Outcome held(boolean passed) {
      return new Outcome(passed, Optional.empty());
    }
  }

  /** Why {@code expression} is no condition over {@code variables} (and {@code now}): it does not compile, or is not boolean. */
  public static Optional<String> problem(String expression, Set<String> variables) {
    CelValidationResult compiled = environment(variables).compile(expression);
    if (compiled.hasError()) return Optional.of("does not compile: " + compiled.getErrorString().strip());
    try {
      var type = compiled.getAst().getResultType();
      if (!type.equals(SimpleType.BOOL) && !type.equals(SimpleType.DYN)) {
        return Optional.of("must be a condition (true or false), not a " + type.name());
      }
      return CheckCost.problem(compiled.getAst(), MAX_ITERATIONS).map(cost -> "costs too much to run: " + cost);
    } catch (CelValidationException e) {
      return Optional.of("does not compile: " + e.getMessage());
    }
  }

  /** As {@link #evaluate(String, Map, Instant, LogicBudget)} under the node's default budget. */
  public static Outcome evaluate(String expression, Map<String, JsonNode> variables, Instant now) {
    return evaluate(expression, variables, now, LogicBudget.DEFAULT);
  }

  /**
   * Evaluates {@code expression} over {@code variables} at {@code now}, within {@code budget}. A
   * condition that fails to evaluate (a field the tool's result lacks, the budget exceeded) or is
   * not a boolean does not hold, and says why.
   */
  public static Outcome evaluate(String expression, Map<String, JsonNode> variables, Instant now, LogicBudget budget) {
    Cel cel = environment(variables.keySet());
    try {
      CelAbstractSyntaxTree ast = cel.compile(expression).getAst();
      CelRuntime.Program program = cel.createProgram(ast);
      Map<String, Object> values = new HashMap<>();
      variables.forEach((name, value) -> values.put(name, celValue(value)));
      values.put("now", Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build());
      Object result = program.trace(values, new CheckMeter(budget, CheckMeter::threadCpuNanos));
      if (result instanceof Boolean held) return Outcome.held(held);
      return new Outcome(false, Optional.of("the condition gave " + result + ", not true or false"));
    } catch (CelValidationException | CelEvaluationException | LogicBudget.Exceeded e) {
      return new Outcome(false, Optional.of(overBudget(e).map(why -> "could not be evaluated within its budget: " + why)
          .orElse(e.getMessage())));
    }
  }

  /** Why the budget stopped the evaluation, when it did; CEL may hand the listener's exception on wrapped. */
  private static Optional<String> overBudget(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof LogicBudget.Exceeded exceeded) return Optional.of(exceeded.getMessage());
    }
    return Optional.empty();
  }

  private static Cel environment(Set<String> variables) {
    var builder = CelFactory.standardCelBuilder().setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS).addVar("now", SimpleType.TIMESTAMP);
    for (String name : new TreeSet<>(variables)) if (!name.equals("now")) builder.addVar(name, SimpleType.DYN);
    return builder.build();
  }

  /** A JSON value as CEL's dynamic values: maps, lists, ints, doubles, strings, booleans, null. */
  static Object celValue(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) return NullValue.NULL_VALUE;
    if (value.isBoolean()) return value.booleanValue();
    if (value.isIntegralNumber() && value.canConvertToLong()) return value.longValue();
    if (value.isNumber()) return value.doubleValue();
    if (value.isTextual()) return value.asText();
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(celValue(item)));
      return list;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    value.properties().forEach(field -> map.put(field.getKey(), celValue(field.getValue())));
    return map;
  }
}
