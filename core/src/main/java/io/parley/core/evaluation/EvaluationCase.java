package io.parley.core.evaluation;

import io.parley.core.session.PageContext;
import java.util.List;
import java.util.Optional;

/**
 * A test of the bot (docs/evaluations.md#cases): a customer's conversation, on a page when
 * {@code page} is given and signed in as {@code userId} when given, and what is expected of it.
 * {@code personalData} are the strings of the conversation that are personal data, which the
 * model must never be given ({@link Expectation.NoPersonalDataToModel}).
 */
public record EvaluationCase(String name, CustomerScript customer, Optional<PageContext> page, Optional<String> userId,
    List<String> personalData, List<Expectation> expectations) {
  public EvaluationCase {
    personalData = List.copyOf(personalData);
    expectations = List.copyOf(expectations);
  }

  public boolean judged() {
    return expectations.stream().anyMatch(Expectation.Judge.class::isInstance);
  }
}
