package io.parley.sessions.resilience;

import io.parley.sessions.MetricFamilies;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.pattern.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's circuit breakers, one per external dependency (a model provider, a remote tool),
 * shared by every session on the node so that they all stop calling a dependency that is down.
 * Each is Pekko's {@link CircuitBreaker}; this registry names them, exports their state as
 * metrics and logs every change of state.
 *
 * <p>Dependency names are the {@code dependency} label of the metrics; by convention they say
 * what kind of dependency it is, e.g. {@code llm:workers-ai} or {@code tool:order-status}.
 */
public final class DependencyBreakers {
  private static final Logger LOG = LoggerFactory.getLogger(DependencyBreakers.class);

  /** A breaker's state, and the value the state gauge shows for it. */
  public enum State {
    CLOSED(0),
    HALF_OPEN(1),
    OPEN(2);

    private final int gaugeValue;

    State(int gaugeValue) {
      this.gaugeValue = gaugeValue;
    }

    public int gaugeValue() {
      return gaugeValue;
    }

    static State of(CircuitBreaker breaker) {
      if (breaker.isOpen()) return OPEN;
      return breaker.isHalfOpen() ? HALF_OPEN : CLOSED;
    }

    /** The state's name as the metrics and the API say it: {@code closed}, {@code half-open}, {@code open}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Scheduler scheduler;
  private final BreakerSettings settings;
  private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Gauge state;
  private final Counter transitions;

  /** @param scheduler the classic scheduler of the node's actor system, which times calls and resets */
  public DependencyBreakers(Scheduler scheduler, BreakerSettings settings, PrometheusRegistry registry) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.settings = Objects.requireNonNull(settings, "settings");
    state = MetricFamilies.gauge(registry, "parley_circuit_breaker_state",
        "State of the circuit breaker of each external dependency: 0 closed, 1 half-open, 2 open.", "dependency");
    transitions = MetricFamilies.counter(registry, "parley_circuit_breaker_transitions_total",
        "Changes of state of the circuit breakers, by dependency and the state entered.", "dependency", "state");
  }

  /** The settings every breaker gets unless its first caller asked for others. */
  public BreakerSettings settings() {
    return settings;
  }

  /** The breaker of {@code dependency}, made with the node's settings on first use. */
  public CircuitBreaker breaker(String dependency) {
    return breaker(dependency, settings);
  }

  /**
   * The breaker of {@code dependency}, made with {@code settings} on first use, for a dependency
   * whose calls take much more or less time than the node's default allows. Later calls get the
   * same breaker whatever settings they pass.
   */
  public CircuitBreaker breaker(String dependency, BreakerSettings settings) {
    return breakers.computeIfAbsent(dependency, name -> newBreaker(name, settings));
  }

  /** The current state of {@code dependency}'s breaker; {@link State#CLOSED} for one not made yet. */
  public State state(String dependency) {
    CircuitBreaker breaker = breakers.get(dependency);
    return breaker == null ? State.CLOSED : State.of(breaker);
  }

  private CircuitBreaker newBreaker(String dependency, BreakerSettings settings) {
    CircuitBreaker breaker = CircuitBreaker.create(
        scheduler, settings.maxFailures(), settings.callTimeout(), settings.resetTimeout());
    state.labelValues(dependency).set(State.CLOSED.gaugeValue());
    // Pekko runs these on the thread that changed the state, right after the change.
    breaker.addOnOpenListener(() -> {
      entered(dependency, State.OPEN, breaker);
      LOG.warn("circuit breaker of {} is open: calls to it fail fast for {} ms", dependency,
          settings.resetTimeout().toMillis());
    });
    breaker.addOnHalfOpenListener(() -> {
      entered(dependency, State.HALF_OPEN, breaker);
      LOG.info("circuit breaker of {} is half-open: the next call goes through as a trial", dependency);
    });
    breaker.addOnCloseListener(() -> {
      entered(dependency, State.CLOSED, breaker);
      LOG.info("circuit breaker of {} is closed: calls go through again", dependency);
    });
    return breaker;
  }

  private void entered(String dependency, State entered, CircuitBreaker breaker) {
    transitions.labelValues(dependency, entered.label()).inc();
    // The breaker's state now, not the one entered: should two changes race, the gauge ends right.
    state.labelValues(dependency).set(State.of(breaker).gaugeValue());
  }
}
