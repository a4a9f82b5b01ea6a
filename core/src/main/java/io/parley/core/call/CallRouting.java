package io.parley.core.call;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which tenant a dialled number reaches: the operator's mapping ({@code PARLEY_SIP_NUMBERS}) first,
 * then the number's claim in a tenant's configuration; with neither holding any number (the quick
 * start), every number reaches the default tenant, and otherwise an unknown number reaches nobody.
 */
public final class CallRouting {
  /** The tenant a call reaches, and whether it runs on the tenant's draft; no tenant: nobody's (404). */
  public record Route(Optional<String> tenant, boolean draft) {
    public static Route live(String tenant) {
      return new Route(Optional.of(tenant), false);
    }

    public static Route nowhere() {
      return new Route(Optional.empty(), false);
    }
  }

  private final Map<String, String> operator;
  private final String defaultTenant;

  /** {@code operator}: normalized number ({@link DialledNumber#normalized}) to tenant. */
  public CallRouting(Map<String, String> operator, String defaultTenant) {
    this.operator = Map.copyOf(operator);
    this.defaultTenant = defaultTenant;
  }

  /** The operator's route for {@code number}, which no tenant's claim overrides. */
  public Optional<Route> byOperator(String number) {
    return Optional.ofNullable(operator.get(DialledNumber.normalized(number))).map(Route::live);
  }

  /**
   * The route of a number the operator does not map, from its claim: {@code claimant} holds it (only
   * in its draft when {@code draftOnly}); {@code anyClaimed} whether any tenant holds any number.
   */
  public Route byClaim(Optional<String> claimant, boolean draftOnly, boolean anyClaimed) {
    if (claimant.isPresent()) return new Route(claimant, draftOnly);
    return operator.isEmpty() && !anyClaimed ? Route.live(defaultTenant) : Route.nowhere();
  }

  /** The problems of {@code tenant} listing numbers the operator routes to another tenant, as a document's problems read. */
  public List<String> operatorConflicts(String tenant, List<String> numbers) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i++) {
      String owner = operator.get(numbers.get(i));
      if (owner != null && !owner.equals(tenant)) {
        problems.add("phoneNumbers[" + i + "]: " + numbers.get(i) + " is routed to another tenant by the node's "
            + "PARLEY_SIP_NUMBERS");
      }
    }
    return problems;
  }
}
