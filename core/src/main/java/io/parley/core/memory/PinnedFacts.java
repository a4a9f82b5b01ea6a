package io.parley.core.memory;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.parley.core.llm.PromptMessage;
import io.parley.core.prompt.TokenCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The facts a conversation has established, as an immutable value: the current ones, in
 * {@link FactKind} order and then in the order they were stated, and the values that were
 * superseded (an email the customer corrected), oldest first, so that nothing said is lost.
 *
 * <p>A single-valued kind (name, email, phone) holds one value, and a different value supersedes
 * it; a multi-valued kind (orders, tickets, commitments) accumulates distinct values. Values are
 * compared as the kind defines sameness (case and spacing ignored, a phone by its digits), so a
 * fact restated is no change.
 */
public record PinnedFacts(List<PinnedFact> current, List<PinnedFact> superseded) {
  public static final String HEADING = "Known facts about this conversation:";

  private static final Comparator<PinnedFact> KIND_ORDER =
      Comparator.comparingInt(fact -> FactKind.fromWireName(fact.name()).map(Enum::ordinal).orElse(Integer.MAX_VALUE));

  /** Dropped first when the rendered facts must be shortened: long, and kept by the summary too. */
  private static final List<FactKind> DROP_ORDER =
      List.of(FactKind.COMMITMENT, FactKind.TICKET_NUMBER, FactKind.ORDER_NUMBER);

  public PinnedFacts {
    current = List.copyOf(current);
    superseded = List.copyOf(superseded);
    for (FactKind kind : FactKind.values()) {
      if (kind.singleValued() && current.stream().filter(f -> f.name().equals(kind.wireName())).count() > 1) {
        throw new IllegalArgumentException("more than one current " + kind.wireName());
      }
    }
  }

  public static PinnedFacts empty() {
    return new PinnedFacts(List.of(), List.of());
  }

  /** The new facts and, in order, the changes that led to them: nothing when all were known. */
  public record Applied(PinnedFacts facts, List<FactChange> changes) {
    public Applied {
      changes = List.copyOf(changes);
    }
  }

  /**
   * Pins what was extracted from a message, in order, all stamped {@code at}. Two values of one
   * single-valued kind in one batch both count: the later one supersedes the earlier.
   */
  public Applied apply(List<ExtractedFact> extracted, Instant at) {
    PinnedFacts facts = this;
    List<FactChange> changes = new ArrayList<>();
    for (ExtractedFact candidate : extracted) {
      Optional<FactChange> change = facts.changeFor(candidate, at);
      if (change.isPresent()) {
        changes.add(change.get());
        facts = facts.apply(change.get());
      }
    }
    return new Applied(facts, changes);
  }

  /**
   * The facts after one change, for an event handler replaying what {@link #apply(List, Instant)}
   * reported.
   *
   * @throws IllegalStateException if a superseded fact is not current, or a single-valued kind
   *     is pinned twice: events out of order
   */
  public PinnedFacts apply(FactChange change) {
    List<PinnedFact> next = new ArrayList<>(current);
    List<PinnedFact> old = new ArrayList<>(superseded);
    if (change instanceof FactChange.Superseded s) {
      if (!next.remove(s.previous())) {
        throw new IllegalStateException("superseded fact is not current: " + s.previous());
      }
      old.add(s.previous());
    } else if (FactKind.fromWireName(change.fact().name()).map(FactKind::singleValued).orElse(false)
        && !all(change.fact().name()).isEmpty()) {
      throw new IllegalStateException("a second " + change.fact().name() + " pinned without superseding");
    }
    next.add(change.fact());
    next.sort(KIND_ORDER);
    return new PinnedFacts(next, old);
  }

  /** The current value of a single-valued kind. */
  public Optional<PinnedFact> get(FactKind kind) {
    List<PinnedFact> facts = all(kind.wireName());
    return facts.isEmpty() ? Optional.empty() : Optional.of(facts.get(facts.size() - 1));
  }

  /** The current values of a kind, in the order they were stated. */
  public List<PinnedFact> all(FactKind kind) {
    return all(kind.wireName());
  }

  /** Whether {@code value} is a current fact of the kind named {@code name}, as the kind compares values. */
  public boolean knows(String name, String value) {
    Optional<FactKind> kind = FactKind.fromWireName(name);
    return all(name).stream().anyMatch(fact -> kind.isPresent()
        ? kind.get().sameness(fact.value()).equals(kind.get().sameness(value))
        : fact.value().equalsIgnoreCase(value.strip()));
  }

  @JsonIgnore // not a property: state snapshots hold only the two lists
  public boolean isEmpty() {
    return current.isEmpty();
  }

  /**
   * The facts as a system-prompt section, one line a fact ({@code "- email: ada@example.com"})
   * under {@link #HEADING}; empty if there are none.
   */
  public String render() {
    return render(current, 0);
  }

  /**
   * {@link #render()} within {@code maxTokens} as a system message: if it is longer, the oldest
   * commitments are left out first, then the oldest ticket numbers, then the oldest order
   * numbers, and a last line says how many. Name, email and phone are always kept, so the
   * result can still be longer than asked.
   */
  public String render(TokenCounter counter, int maxTokens) {
    List<PinnedFact> shown = new ArrayList<>(current);
    String text = render(shown, 0);
    for (FactKind kind : DROP_ORDER) {
      while (counter.count(PromptMessage.system(text)) > maxTokens) {
        Optional<PinnedFact> oldest = shown.stream().filter(f -> f.name().equals(kind.wireName())).findFirst();
        if (oldest.isEmpty()) break;
        shown.remove(oldest.get());
        text = render(shown, current.size() - shown.size());
      }
    }
    return text;
  }

  private Optional<FactChange> changeFor(ExtractedFact candidate, Instant at) {
    FactKind kind = candidate.kind();
    String sameness = kind.sameness(candidate.value());
    List<PinnedFact> known = all(kind.wireName());
    if (known.stream().anyMatch(f -> kind.sameness(f.value()).equals(sameness))) return Optional.empty();
    PinnedFact fact = new PinnedFact(kind.wireName(), candidate.value(), candidate.sourceSeq(), at);
    if (kind.singleValued() && !known.isEmpty()) {
      return Optional.of(new FactChange.Superseded(known.get(0), fact));
    }
    return Optional.of(new FactChange.Pinned(fact));
  }

  private List<PinnedFact> all(String name) {
    return current.stream().filter(f -> f.name().equals(name)).toList();
  }

  private static String render(List<PinnedFact> facts, int leftOut) {
    if (facts.isEmpty() && leftOut == 0) return "";
    StringBuilder text = new StringBuilder(HEADING);
    for (PinnedFact fact : facts) {
      text.append("\n- ").append(fact.name()).append(": ").append(fact.value());
    }
    if (leftOut > 0) {
      text.append("\n- (").append(leftOut).append(leftOut == 1 ? " older fact" : " older facts")
          .append(" not shown)");
    }
    return text.toString();
  }
}
