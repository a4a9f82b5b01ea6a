package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.BotConfigBuilder;
import io.parley.core.bot.ModelParameters;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmListener;
import io.parley.core.llm.LlmRequest;
import io.parley.core.memory.SeqRange;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.core.testing.ClassResource;
import io.parley.sessions.SessionServices;
import io.parley.sessions.turn.ReplySuggester;
import io.parley.sessions.turn.Summarizer;
import io.parley.sessions.turn.TurnPatterns;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant's {@code model.providers} reach every model call about its conversations, not only the
 * turns: the rolling summary and an agent's reply suggestion are asked of its providers too.
 */
class TenantProvidersTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
  private static final List<ChatMessage> CONVERSATION = List.of(
      new ChatMessage(1, Role.USER, "Where is order 1042?", "turn-1", AT),
      new ChatMessage(2, Role.ASSISTANT, "It shipped yesterday.", "turn-1", AT));

  private final List<LlmRequest> asked = new CopyOnWriteArrayList<>();
  /** Records each request and answers at once. */
  private final LlmClient model = new LlmClient() {
    @Override
    public String name() {
      return "primary>eu-hosted";
    }

    @Override
    public LlmCall stream(LlmRequest request, LlmListener listener) {
      asked.add(request);
      return new LlmCall() {
        @Override
        public CompletionStage<LlmAnswer> result() {
          return CompletableFuture.completedFuture(new LlmAnswer("Ada asked about order 1042.", Optional.empty(), "stop", 1));
        }

        @Override
        public void cancel() {}
      };
    }
  };
  private final SessionServices services =
      TestSessionServices.create(Optional.of(model), TestSessionServices.settings(), TestSessionServices.newArchive());

  @Test
  void aSummaryIsAskedOfTheTenantsProvidersOnly() {
    TestProbe<Summarizer.Report> session = testKit.createTestProbe();
    testKit.spawn(Summarizer.create(new SeqRange(1, 2), Optional.empty(), CONVERSATION, Placeholders.off(),
        new TurnPatterns(services.logic(), SessionId.random("acme"), "summary", Placeholders.off(), services.metrics()),
        List.of("eu-hosted"), session.ref(), services.answering().llm(), services.answering().prompts()));

    session.expectMessageClass(Summarizer.Report.Written.class);
    assertEquals(List.of("eu-hosted"), asked.get(0).providers());
  }

  @Test
  void aReplySuggestionIsAskedOfTheTenantsProvidersOnly() {
    BotConfig bot = new BotConfigBuilder()
        .model(new ModelParameters(Optional.empty(), Optional.empty(), List.of("eu-hosted"))).build();
    TestProbe<StatusReply<SessionCommand.Suggestion>> agent = testKit.createTestProbe();
    testKit.spawn(ReplySuggester.create(model, CONVERSATION, "Dana", bot, Placeholders.off(),
        new TurnPatterns(services.logic(), SessionId.random("acme"), "reply suggestion", Placeholders.off(), services.metrics()),
        agent.ref(),
        SessionCommand.Suggestion::new, services.answering()));

    assertEquals("Ada asked about order 1042.", agent.receiveMessage().getValue().text());
    assertEquals(List.of("eu-hosted"), asked.get(0).providers());
  }
}
