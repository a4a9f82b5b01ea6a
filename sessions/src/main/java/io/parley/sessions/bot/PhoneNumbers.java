package io.parley.sessions.bot;

import io.parley.core.phone.DialledNumber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants' phone numbers: their documents' {@code phoneNumbers}, claimed in the
 * {@link PhoneDirectory} before a version or draft listing them is saved, and the operator's
 * {@code PARLEY_SIP_NUMBERS} ({@code operator}, number to tenant), which take precedence.
 *
 * <p>A change is claimed first, then saved in the tenant's {@link TenantBotConfig}, then
 * {@link #settle settled}: the directory is set again from what the tenant's entity holds, so a
 * save that failed after its claim leaves no claim behind (docs/bot-config.md#phone-numbers).
 */
public final class PhoneNumbers {
  private static final Logger LOG = LoggerFactory.getLogger(PhoneNumbers.class);

  /**
   * Where a call to a number goes: the tenant, and whether it runs on the tenant's draft; no tenant:
   * the number is nobody's (404).
   */
  public record Route(Optional<String> tenant, boolean draft) {
    static Route nowhere() {
      return new Route(Optional.empty(), false);
    }

    static Route live(String tenant) {
      return new Route(Optional.of(tenant), false);
    }
  }

  private final ClusterSharding sharding;
  private final BotConfigs.Sharded configs;
  private final Map<String, String> operator;
  private final Duration timeout;

  private PhoneNumbers(ClusterSharding sharding, BotConfigs.Sharded configs, Map<String, String> operator,
      Duration timeout) {
    this.sharding = sharding;
    this.configs = configs;
    this.operator = Map.copyOf(operator);
    this.timeout = timeout;
  }

  /** Registers the {@link PhoneDirectory} with sharding on this node. */
  public static PhoneNumbers init(ActorSystem<?> system, BotConfigs.Sharded configs, Map<String, String> operator,
      Duration timeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(PhoneDirectory.ENTITY_KEY, ctx -> PhoneDirectory.create())
        .withStopMessage(new PhoneDirectory.Stop()));
    return new PhoneNumbers(sharding, configs, operator, timeout);
  }

  private EntityRef<PhoneDirectory.Command> directory() {
    return sharding.entityRefFor(PhoneDirectory.ENTITY_KEY, PhoneDirectory.ID);
  }

  /**
   * Claims {@code numbers} for the tenant's {@code stage}: the problems that keep them from being
   * its, as the document's problems read ({@code phoneNumbers[1]: ...}); none: claimed.
   */
  public CompletionStage<List<String>> claim(String tenant, PhoneDirectory.Stage stage, List<String> numbers) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i++) {
      String owner = operator.get(numbers.get(i));
      if (owner != null && !owner.equals(tenant)) {
        problems.add("phoneNumbers[" + i + "]: " + numbers.get(i) + " is routed to another tenant by the node's "
            + "PARLEY_SIP_NUMBERS");
      }
    }
    if (!problems.isEmpty()) return CompletableFuture.completedFuture(problems);
    return directory().<PhoneDirectory.Claimed>ask(replyTo -> new PhoneDirectory.Claim(tenant, stage, numbers, replyTo),
        timeout).thenApply(claimed -> claimed.taken().stream()
            .map(number -> "phoneNumbers[" + numbers.indexOf(number) + "]: " + number
                + " is another tenant's number (it must give it up first)")
            .toList());
  }

  /**
   * Sets the directory to the numbers of the tenant's current version and draft, as its entity
   * holds them; done after every change, whether it was saved or not.
   */
  public void settle(String tenant) {
    configs.current(tenant).thenAccept(current -> settle(tenant, PhoneDirectory.Stage.LIVE,
        current.map(pinned -> pinned.config().phoneNumbers()).orElse(List.of())));
    configs.draft(tenant).thenAccept(draft -> settle(tenant, PhoneDirectory.Stage.DRAFT,
        draft.map(pinned -> pinned.config().phoneNumbers()).orElse(List.of())));
  }

  private void settle(String tenant, PhoneDirectory.Stage stage, List<String> numbers) {
    claim(tenant, stage, numbers).whenComplete((problems, failure) -> {
      if (failure != null) LOG.warn("phone numbers of tenant {} not settled: {}", tenant, failure.toString());
      else if (!problems.isEmpty()) LOG.warn("phone numbers of tenant {} not settled: {}", tenant, problems);
    });
  }

  /**
   * Where a call to {@code dialled} goes: the operator's mapping first, then the tenants' claims;
   * with neither holding any number (the quick start), every number reaches {@code defaultTenant}.
   */
  public CompletionStage<Route> route(String dialled, String defaultTenant) {
    String number = DialledNumber.normalized(dialled);
    String owner = operator.get(number);
    if (owner != null) return CompletableFuture.completedFuture(Route.live(owner));
    return directory().<PhoneDirectory.Found>ask(replyTo -> new PhoneDirectory.Find(number, replyTo), timeout)
        .thenApply(found -> {
          if (found.tenant().isPresent()) return new Route(found.tenant(), found.draftOnly());
          return operator.isEmpty() && !found.anyClaimed() ? Route.live(defaultTenant) : Route.nowhere();
        });
  }
}
