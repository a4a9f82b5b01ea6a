package io.parley.sessions.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.sessions.EntityTestKit;
import io.parley.sessions.bot.PhoneDirectory.Claimed;
import io.parley.sessions.bot.PhoneDirectory.Found;
import io.parley.sessions.bot.PhoneDirectory.Stage;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster's one directory of dialled numbers: claims unique across tenants, released by omission, drafts, recovery. */
class PhoneDirectoryTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();

  private final EventSourcedBehaviorTestKit<PhoneDirectory.Command, PhoneDirectory.Event, PhoneDirectory.State> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), PhoneDirectory.create());

  private EventSourcedBehaviorTestKit.CommandResultWithReply<PhoneDirectory.Command, PhoneDirectory.Event,
      PhoneDirectory.State, Claimed> claim(String tenant, Stage stage, String... numbers) {
    return kit.runCommand(replyTo -> new PhoneDirectory.Claim(tenant, stage, List.of(numbers), replyTo));
  }

  private Found find(String number) {
    return kit.<Found>runCommand(replyTo -> new PhoneDirectory.Find(number, replyTo)).reply();
  }

  @Test
  void aNumberIsOneTenantsUntilItGivesItUp() {
    assertEquals(new Found(Optional.empty(), false, false), find("+4930123456"), "nothing claimed: the quick start");
    var claimed = claim("acme", Stage.LIVE, "+4930123456", "+4930777");
    assertTrue(claimed.reply().claimed());
    assertEquals(new PhoneDirectory.NumbersClaimed("acme", Stage.LIVE, List.of("+4930123456", "+4930777")),
        claimed.event());
    assertTrue(claim("acme", Stage.LIVE, "+4930123456", "+4930777").hasNoEvents(), "the same numbers again: nothing new");
    assertEquals(new Found(Optional.of("acme"), false, true), find("+4930123456"));
    assertEquals(new Found(Optional.empty(), false, true), find("+4940555"));

    var refused = claim("globex", Stage.LIVE, "+4940555", "+4930777");
    assertEquals(List.of("+4930777"), refused.reply().taken());
    assertTrue(refused.hasNoEvents(), "refused as a whole: not even the free number is claimed");
    assertEquals(List.of("+4930777"), claim("globex", Stage.DRAFT, "+4930777").reply().taken(), "nor in a draft");

    claim("acme", Stage.LIVE, "+4930123456");
    assertTrue(claim("globex", Stage.LIVE, "+4930777").reply().claimed(), "acme's next set left it out: released");
    assertEquals(Optional.of("globex"), find("+4930777").tenant());
  }

  @Test
  void aNumberOnlyTheDraftListsRunsOnTheDraftAndRecoveryKeepsEveryClaim() {
    claim("acme", Stage.LIVE, "+4930123456");
    claim("acme", Stage.DRAFT, "+4930123456", "+4930555");
    assertEquals(new Found(Optional.of("acme"), true, true), find("+4930555"));
    assertEquals(new Found(Optional.of("acme"), false, true), find("+4930123456"), "live wins over the draft");
    assertEquals(List.of("+4930555"), claim("globex", Stage.LIVE, "+4930555").reply().taken(), "a draft holds its numbers too");

    kit.restart();
    assertEquals(new Found(Optional.of("acme"), true, true), find("+4930555"));
    claim("acme", Stage.DRAFT);
    claim("acme", Stage.LIVE);
    assertEquals(new Found(Optional.empty(), false, false), find("+4930123456"), "every number given up: the quick start again");
  }
}
