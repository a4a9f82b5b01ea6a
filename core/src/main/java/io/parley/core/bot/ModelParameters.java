package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * The tenant's parameters for its model calls; each unset one is the node's
 * ({@code PARLEY_TEMPERATURE}, {@code PARLEY_ANSWER_MAX_TOKENS}, the order of {@code PARLEY_LLM_PROVIDERS}).
 * {@code providers} are the node's providers the tenant's calls may use, in the order to try them.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ModelParameters(Optional<Double> temperature, Optional<Integer> maxTokens,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> providers) {
  public static final double MAX_TEMPERATURE = 2.0;

  public ModelParameters {
    temperature = temperature == null ? Optional.empty() : temperature;
    maxTokens = maxTokens == null ? Optional.empty() : maxTokens;
    providers = providers == null ? List.of() : List.copyOf(providers);
  }

  public static ModelParameters none() {
    return new ModelParameters(Optional.empty(), Optional.empty(), List.of());
  }

  /** The temperature of the tenant's calls on a node whose own is {@code nodeTemperature}. */
  public double temperature(double nodeTemperature) {
    return temperature.orElse(nodeTemperature);
  }

  /**
   * The longest answer of the tenant's calls: its own, but never more than the node's
   * {@code nodeMaxTokens}, which may have been lowered since the version was published.
   */
  public int maxTokens(int nodeMaxTokens) {
    return Math.min(maxTokens.orElse(nodeMaxTokens), nodeMaxTokens);
  }
}
