package io.parley.persistence.conversations;

import io.parley.core.procedure.ProcedureRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One procedure's runs over a range (docs/analytics.md#procedures): how many started, completed,
 * were handed over, were abandoned (still waiting when the conversation closed) or are still
 * running, and where runs stopped short: per step label, the abandoned and handed-over runs that
 * were at it, the steps in label order.
 */
public record ProcedureFigures(String procedure, int started, int completed, int handedOver, int abandoned, int running,
    List<DropOut> dropOuts) {
  public ProcedureFigures {
    dropOuts = List.copyOf(dropOuts);
  }

  /** The runs that stopped short at step {@code step}. */
  public record DropOut(String step, int abandoned, int handedOver) {}

  /** Adds up the runs' groups (procedure, outcome, step, count) into each procedure's figures. */
  public static final class Tally {
    private final Map<String, int[]> outcomes = new TreeMap<>();
    private final Map<String, Map<String, int[]>> steps = new TreeMap<>();

    public void add(String procedure, ProcedureRun.Status outcome, String step, int count) {
      outcomes.computeIfAbsent(procedure, name -> new int[ProcedureRun.Status.values().length])[outcome.ordinal()] += count;
      int column = switch (outcome) {
        case ABANDONED -> 0;
        case HANDED_OVER -> 1;
        case RUNNING, COMPLETED -> -1;
      };
      if (column < 0) return;
      steps.computeIfAbsent(procedure, name -> new TreeMap<>()).computeIfAbsent(step, label -> new int[2])[column] += count;
    }

    /** The procedures' figures, by name. */
    public List<ProcedureFigures> figures() {
      List<ProcedureFigures> figures = new ArrayList<>(outcomes.size());
      outcomes.forEach((procedure, counts) -> {
        List<DropOut> dropOuts = new ArrayList<>();
        steps.getOrDefault(procedure, Map.of()).forEach((step, stopped) -> dropOuts.add(new DropOut(step, stopped[0], stopped[1])));
        int started = 0;
        for (int count : counts) started += count;
        figures.add(new ProcedureFigures(procedure, started, counts[ProcedureRun.Status.COMPLETED.ordinal()],
            counts[ProcedureRun.Status.HANDED_OVER.ordinal()], counts[ProcedureRun.Status.ABANDONED.ordinal()],
            counts[ProcedureRun.Status.RUNNING.ordinal()], dropOuts));
      });
      return figures;
    }
  }
}
