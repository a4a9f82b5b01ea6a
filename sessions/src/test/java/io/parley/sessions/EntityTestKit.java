package io.parley.sessions;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The actor test kit of a test class of event-sourced entities, on the in-memory journal of Pekko's
 * persistence testkit; registered as a static extension, it starts before the class's tests and
 * shuts down after them. Started anew for each run of the class, so a test that failed can be run
 * again (surefire's rerun) in the same JVM; the class reads it per test, {@link #actors()}.
 */
public final class EntityTestKit implements BeforeAllCallback, AfterAllCallback {
  private final Config config;
  private ActorTestKit actors;

  public EntityTestKit() {
    this(ConfigFactory.empty());
  }

  /** With {@code overrides} over the in-memory journal's settings and the application's. */
  public EntityTestKit(Config overrides) {
    this.config = overrides.withFallback(EventSourcedBehaviorTestKit.config()).withFallback(ConfigFactory.load());
  }

  /** The kit of the class's run under way. */
  public ActorTestKit actors() {
    if (actors == null) throw new IllegalStateException("the kit starts before the class's tests: read it in a test");
    return actors;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    actors = ActorTestKit.create(config);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    actors.shutdownTestKit();
    actors = null;
  }
}
