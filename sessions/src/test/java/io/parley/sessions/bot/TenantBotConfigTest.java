package io.parley.sessions.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.BotConfig;
import io.parley.sessions.EntityTestKit;
import java.time.Clock;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Publishing a draft: the draft a publish names is the one that goes live, or nothing does. */
class TenantBotConfigTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();

  private final EventSourcedBehaviorTestKit<TenantBotConfig.Command, TenantBotConfig.Event, TenantBotConfig.State> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), TenantBotConfig.create("acme", Clock.systemUTC()));

  private int save(String name) {
    BotConfig config = new BotConfig(Optional.of(name), Optional.empty(), Optional.empty());
    return kit.<StatusReply<TenantBotConfig.Draft>>runCommand(replyTo -> new TenantBotConfig.SaveDraft(config, "admin",
        "", Optional.empty(), replyTo)).reply().getValue().number();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<TenantBotConfig.Command, TenantBotConfig.Event,
      TenantBotConfig.State, StatusReply<TenantBotConfig.Version>> publish(Optional<Integer> draft) {
    return kit.runCommand(replyTo -> new TenantBotConfig.PublishDraft("admin", Optional.empty(), draft, replyTo));
  }

  @Test
  void aDraftSavedAfterTheOneAPublishNamesIsNotPublished() {
    int evaluated = save("Ava");
    int later = save("Max");

    var refused = publish(Optional.of(evaluated));
    assertTrue(refused.reply().isError());
    assertEquals("draft " + later + " is saved, not draft " + evaluated + " as this publish assumed: review and evaluate"
        + " draft " + later + ", then publish it", refused.reply().getError().getMessage());
    assertTrue(refused.hasNoEvents(), "nothing published");
    assertTrue(refused.state().versions().isEmpty());

    var published = publish(Optional.of(later));
    assertEquals(Optional.of("Max"), published.reply().getValue().config().assistantName());
  }

  @Test
  void aPublishThatNamesNoDraftPublishesTheSavedOne() {
    save("Ava");
    assertEquals(1, publish(Optional.empty()).reply().getValue().version());
  }
}
