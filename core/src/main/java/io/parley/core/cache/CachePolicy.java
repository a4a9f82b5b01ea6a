package io.parley.core.cache;

import io.parley.core.privacy.PersonalData;
import io.parley.core.privacy.PersonalDataKind;
import io.parley.core.privacy.RedactionPolicy;
import io.parley.core.privacy.TenantPattern;
import io.parley.core.session.PageContext;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which turns may be answered from the cache and which answers may be kept in it. Only a
 * context-free turn qualifies: the conversation's first question, with nothing known about the
 * customer (no recalled memory, no pinned facts, no page context but the browser's language, no
 * personal data in the question), since another customer asking the same words must be able to
 * receive the same answer. An answer is kept only if it is the model's, used no tool that reads
 * customer data, and holds no personal data.
 *
 * <p>A page context is the page's to fill: an account number, a name, an order in the URL. None of
 * it can be told apart from a harmless field, so any field but a well-formed language makes the
 * turn the model's alone, rather than keying the cache on it (which would keep the customer's data
 * in the cache, and reuse nothing). The language is in the turn's {@link CacheScope}.
 */
public final class CachePolicy {
  /** Why a turn or an answer stays out of the cache; the metric label of a skipped lookup. */
  public enum Skip {
    NOT_FIRST_QUESTION,
    KNOWN_CUSTOMER,
    CUSTOMER_CONTEXT,
    PERSONAL_DATA,
    CUSTOMER_DATA_TOOL;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a turn knows besides its question; {@code page}, the customer's page context its prompt holds. */
  public record Turn(String question, boolean firstQuestion, boolean recalledMemories, boolean pinnedFacts,
      Optional<PageContext> page) {}

  private final Set<String> sharedDataTools;
  private final RedactionPolicy personalData;

  /** {@code sharedDataTools}: the tools whose results are the same for every customer (the knowledge base). */
  public CachePolicy(Set<String> sharedDataTools) {
    this(sharedDataTools, RedactionPolicy.standard());
  }

  private CachePolicy(Set<String> sharedDataTools, RedactionPolicy personalData) {
    this.sharedDataTools = Set.copyOf(sharedDataTools);
    this.personalData = personalData;
  }

  /**
   * This policy for a tenant with its own kinds of personal data: a question naming a member
   * number is no more context-free than one naming an email. Every built-in kind still counts,
   * whichever the tenant redacts.
   */
  public CachePolicy withTenantPatterns(List<TenantPattern> patterns) {
    return new CachePolicy(sharedDataTools, new RedactionPolicy(EnumSet.allOf(PersonalDataKind.class), patterns));
  }

  /** Whether {@code turn} may take a cached answer, or why not. */
  public Optional<Skip> lookUp(Turn turn) {
    if (!turn.firstQuestion()) return Optional.of(Skip.NOT_FIRST_QUESTION);
    if (turn.recalledMemories() || turn.pinnedFacts()) return Optional.of(Skip.KNOWN_CUSTOMER);
    if (!saysNothingOfTheCustomer(turn.page())) return Optional.of(Skip.CUSTOMER_CONTEXT);
    return degradedLookUp(turn.question());
  }

  /** Whether {@code page} holds nothing, or nothing but a well-formed language tag (every customer of a language shares it). */
  static boolean saysNothingOfTheCustomer(Optional<PageContext> page) {
    if (page.isEmpty() || page.get().fields().isEmpty()) return true;
    return page.get().fields().size() == 1 && page.get().language().isPresent();
  }

  /**
   * Whether a turn the model cannot answer may take a cached answer to a similar question, said
   * to be one: any turn whose question names no personal data, since the answer came from a
   * context-free turn and the customer is told what it is.
   */
  public Optional<Skip> degradedLookUp(String question) {
    return PersonalData.find(question, personalData).isEmpty() ? Optional.empty() : Optional.of(Skip.PERSONAL_DATA);
  }

  /** Whether the model's {@code answer}, reached by calling {@code toolsCalled}, may be kept, or why not. */
  public Optional<Skip> store(String answer, Collection<String> toolsCalled) {
    if (!sharedDataTools.containsAll(toolsCalled)) return Optional.of(Skip.CUSTOMER_DATA_TOOL);
    return PersonalData.find(answer, personalData).isEmpty() ? Optional.empty() : Optional.of(Skip.PERSONAL_DATA);
  }
}
