package io.parley.sessions.entity.phase;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.session.Channel;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionSeal;
import java.util.Optional;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.slf4j.event.Level;

/**
 * What a session being started waits for, each asked once per incarnation: its data key (when its
 * journal is sealed) and its tenant's bot configuration. The answers come back as commands.
 */
public final class StartingAsks {
  private final ActorContext<SessionInput> context;
  private final SessionScope scope;
  private final SessionSeal seal;
  private final BotConfigs configs;
  private Optional<Optional<PinnedBotConfig>> botConfig = Optional.empty();
  private boolean botConfigAsked;
  private boolean dataKeyAsked;

  public StartingAsks(ActorContext<SessionInput> context, SessionScope scope, SessionSeal seal, BotConfigs configs) {
    this.context = context;
    this.scope = scope;
    this.seal = seal;
    this.configs = configs;
  }

  /** The tenant's bot configuration, once heard (inner empty: the node's settings). */
  Optional<Optional<PinnedBotConfig>> botConfig() {
    return botConfig;
  }

  /**
   * Asks once for the tenant's current configuration (or its draft, or its published {@code version});
   * a customer's conversation gets its arm's while an experiment runs, an evaluation's never does.
   * The answer comes back as {@code BotConfigHeard}.
   */
  void askBotConfig(boolean draft, Optional<Integer> version, Channel channel) {
    if (botConfigAsked) return;
    botConfigAsked = true;
    String tenant = scope.id().tenant();
    var asked = draft ? configs.draft(tenant)
        : version.map(number -> configs.version(tenant, number)).orElseGet(() -> channel == Channel.EVALUATION
            ? configs.current(tenant) : configs.forConversation(tenant, scope.id().wireId()));
    context.pipeToSelf(asked, (config, failure) -> {
      if (failure != null) {
        scope.log(Level.WARN).log("bot configuration unavailable, starting on the node's settings: {}", failure.toString());
      }
      return new InternalCommand.BotConfigHeard(failure == null ? config : Optional.empty());
    });
  }

  void botConfigHeard(Optional<PinnedBotConfig> config) {
    botConfig = Optional.of(config);
  }

  /** Asks once for the starting session's data key to be made; the answer comes back as {@code NewDataKeyMade}. */
  void askDataKey(Optional<String> userId) {
    if (dataKeyAsked) return;
    dataKeyAsked = true;
    context.pipeToSelf(seal.newKey(userId), (key, failure) -> {
      if (failure != null) scope.log(Level.ERROR).log("cannot make the session's data key: {}", failure.toString());
      return new InternalCommand.NewDataKeyMade(Optional.ofNullable(key));
    });
  }
}
