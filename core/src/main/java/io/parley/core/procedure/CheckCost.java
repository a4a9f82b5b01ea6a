package io.parley.core.procedure;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import io.parley.core.compute.LogicBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The static cost of a check, estimated when it is saved: an upper bound of the characters (and
 * list elements, {@value LogicBudget#UNITS_PER_ELEMENT} each) its evaluation builds, with every
 * variable as long as {@value #VARIABLE_SIZE} characters (a customer's longest message). The walk
 * follows the expression's tree: joining values builds their sizes together, a macro builds what
 * its body builds once per element of its range (the elements of a list written in the check,
 * else the iteration bound), and a macro's variable stands for one element, whose sizes over the
 * whole range add up to the range's. A check above {@link #MAX_COST} (a thousand times the
 * variable) is refused: nested macros around strings joined many times, whose values only grow.
 * What a check reads (a variable, a field, an element) costs nothing; the bound at run time
 * ({@link CheckMeter}) is what holds whatever the variables' real sizes.
 */
final class CheckCost {
  static final long VARIABLE_SIZE = 16_384;
  static final long MAX_COST = 1_000 * VARIABLE_SIZE;
  /** Functions whose value is a boolean, a number, a timestamp or a duration: small, whatever their arguments. */
  private static final Set<String> SMALL = Set.of("_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_", "_&&_", "_||_", "!_",
      "@in", "@not_strictly_false", "size", "contains", "startsWith", "endsWith", "matches", "_-_", "_*_", "_/_", "_%_",
      "-_", "int", "uint", "double", "bool", "timestamp", "duration", "type");

  /** A size, linear in the sizes of the macros' variables in scope: {@code fixed + Σ per[v]·|v|}. */
  private record Size(Map<String, Double> per, double fixed) {
    static final Size NONE = of(0);

    static Size of(double fixed) {
      return new Size(Map.of(), fixed);
    }

    Size plus(Size other) {
      Map<String, Double> sum = new HashMap<>(per);
      other.per.forEach((name, weight) -> sum.merge(name, weight, Double::sum));
      return new Size(sum, fixed + other.fixed);
    }

    Size max(Size other) {
      Map<String, Double> most = new HashMap<>(per);
      other.per.forEach((name, weight) -> most.merge(name, weight, Math::max));
      return new Size(most, Math.max(fixed, other.fixed));
    }

    /** This summed over {@code times} elements of a range of {@code range}'s size, {@code element} one of them. */
    Size over(String element, double times, Size range) {
      Map<String, Double> rest = new HashMap<>(per);
      double perElement = Optional.ofNullable(rest.remove(element)).orElse(0.0);
      Map<String, Double> scaled = new HashMap<>();
      rest.forEach((name, weight) -> scaled.put(name, weight * times));
      Size total = new Size(scaled, fixed * times);
      return total.plus(range.scaled(perElement));
    }

    private Size scaled(double by) {
      Map<String, Double> scaled = new HashMap<>();
      per.forEach((name, weight) -> scaled.put(name, weight * by));
      return new Size(scaled, fixed * by);
    }
  }

  /** What evaluating one sub-expression gives ({@code size}, at most {@code count} elements) and builds in all. */
  private record Estimate(Size size, Size built, double count) {}

  /** A name in scope: a macro's element or accumulator, of this size. */
  private record Bound(Size size, double count) {}

  private final CelAbstractSyntaxTree ast;
  private final int maxIterations;
  private int macros;

  private CheckCost(CelAbstractSyntaxTree ast, int maxIterations) {
    this.ast = ast;
    this.maxIterations = maxIterations;
  }

  /** Why the checked {@code ast} costs too much to run, evaluated with at most {@code maxIterations}; empty when it does not. */
  static Optional<String> problem(CelAbstractSyntaxTree ast, int maxIterations) {
    double cost = new CheckCost(ast, maxIterations).estimate(ast.getExpr(), Map.of()).built().fixed();
    if (cost <= MAX_COST) return Optional.empty();
    return Optional.of(String.format("may build about %.0f times as much as its largest variable (at most %d): its macros"
        + " nest over too many elements around values that grow, such as strings joined inside them",
        cost / VARIABLE_SIZE, MAX_COST / VARIABLE_SIZE));
  }

  private Estimate estimate(CelExpr expr, Map<String, Bound> scope) {
    return switch (expr.getKind()) {
      case CONSTANT -> new Estimate(Size.of(constantSize(expr.constant())), Size.NONE, 1);
      case IDENT -> {
        Bound bound = scope.get(expr.ident().name());
        yield bound == null ? new Estimate(Size.of(VARIABLE_SIZE), Size.NONE, maxIterations)
            : new Estimate(bound.size(), Size.NONE, bound.count());
      }
      case SELECT -> {
        Estimate operand = estimate(expr.select().operand(), scope);
        yield expr.select().testOnly() ? new Estimate(Size.of(1), operand.built(), 1)
            : new Estimate(operand.size(), operand.built(), maxIterations);
      }
      case LIST -> collection(expr.list().elements(), scope);
      case MAP -> collection(expr.map().entries().stream().flatMap(entry -> List.of(entry.key(), entry.value()).stream())
          .toList(), scope);
      case CALL -> call(expr, scope);
      case COMPREHENSION -> macro(expr.comprehension(), scope);
      default -> new Estimate(Size.of(1), Size.NONE, 1);
    };
  }

  private Estimate collection(List<CelExpr> elements, Map<String, Bound> scope) {
    Size size = Size.of((double) elements.size() * LogicBudget.UNITS_PER_ELEMENT);
    Size built = size;
    for (CelExpr element : elements) {
      Estimate each = estimate(element, scope);
      size = size.plus(each.size());
      built = built.plus(each.built());
    }
    return new Estimate(size, built, elements.size());
  }

  private Estimate call(CelExpr expr, Map<String, Bound> scope) {
    List<CelExpr> operands = new ArrayList<>();
    expr.call().target().ifPresent(operands::add);
    operands.addAll(expr.call().args());
    List<Estimate> args = operands.stream().map(operand -> estimate(operand, scope)).toList();
    Size built = args.stream().map(Estimate::built).reduce(Size.NONE, Size::plus);
    String function = expr.call().function();
    if (function.equals("_[_]")) return new Estimate(args.getFirst().size(), built, maxIterations);
    if (function.equals("_?_:_")) {
      return new Estimate(args.get(1).size().max(args.get(2).size()), built, Math.max(args.get(1).count(), args.get(2).count()));
    }
    if (SMALL.contains(function)) return new Estimate(Size.of(1), built.plus(Size.of(1)), 1);
    Size size = args.stream().map(Estimate::size).reduce(Size.NONE, Size::plus);
    double count = args.stream().mapToDouble(Estimate::count).sum();
    // Joining lists or maps builds their references; joining strings copies their characters.
    boolean collection = ast.getType(expr.id()).map(type -> type.kind() == CelKind.LIST || type.kind() == CelKind.MAP)
        .orElse(false);
    return new Estimate(size, built.plus(collection ? Size.of(count * LogicBudget.UNITS_PER_ELEMENT) : size), count);
  }

  private Estimate macro(CelExpr.CelComprehension macro, Map<String, Bound> scope) {
    Estimate range = estimate(macro.iterRange(), scope);
    Estimate start = estimate(macro.accuInit(), scope);
    double times = Math.min(range.count(), maxIterations);
    String element = macro.iterVar() + "#" + macros++;
    Map<String, Bound> inside = new HashMap<>(scope);
    inside.put(macro.iterVar(), new Bound(new Size(Map.of(element, 1.0), 0), maxIterations));
    inside.put(macro.accuVar(), new Bound(Size.NONE, 0));
    Estimate step = estimate(macro.loopStep(), inside);
    Estimate condition = estimate(macro.loopCondition(), inside);
    Size accumulated = start.size().plus(step.size().over(element, times, range.size()));
    Map<String, Bound> after = new HashMap<>(scope);
    after.put(macro.accuVar(), new Bound(accumulated, times));
    Estimate result = estimate(macro.result(), after);
    Size built = range.built().plus(start.built()).plus(step.built().over(element, times, range.size()))
        .plus(condition.built().over(element, times, range.size())).plus(result.built());
    return new Estimate(result.size(), built, Math.min(result.count(), times));
  }

  private static double constantSize(CelConstant constant) {
    return switch (constant.getKind()) {
      case STRING_VALUE -> constant.stringValue().length();
      case BYTES_VALUE -> constant.bytesValue().size();
      default -> 1;
    };
  }
}
