package io.parley.sessions;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The actor test kit of a test class of event-sourced entities, on the in-memory journal of Pekko's
 * persistence testkit; registered as a static extension, it shuts down after the class's tests.
 */
public final class EntityTestKit implements AfterAllCallback {
  private final ActorTestKit actors;

  public EntityTestKit() {
    this(ConfigFactory.empty());
  }

  /** With {@code overrides} over the in-memory journal's settings and the application's. */
  public EntityTestKit(Config overrides) {
    this.actors = ActorTestKit.create(
        overrides.withFallback(EventSourcedBehaviorTestKit.config()).withFallback(ConfigFactory.load()));
  }

  public ActorTestKit actors() {
    return actors;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    actors.shutdownTestKit();
  }
}
