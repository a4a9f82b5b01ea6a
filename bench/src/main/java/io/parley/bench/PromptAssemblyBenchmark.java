package io.parley.bench;

import com.typesafe.config.ConfigFactory;
import io.parley.core.bot.BotConfig;
import io.parley.core.memory.SeqRange;
import io.parley.core.prompt.AssembledPrompt;
import io.parley.core.session.ChatMessage;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.turn.TurnPrompts;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The CPU a turn spends on its prompt before calling the model, for a long conversation: the
 * conversation in turn order, less what the summary covers (as {@code TurnRunner} takes it), then
 * {@link TurnPrompts} (system prompt, summary, pinned facts, the newest messages that fit the
 * window, counted by the token estimator) and the check whether to summarise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PromptAssemblyBenchmark extends InMemoryBenchmark {
  private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 21, 10, 15, 0, 0, ZoneOffset.UTC);

  /** Messages before the question being answered. */
  @Param({"50", "300", "1000"})
  public int history;

  /** Workers AI's Llama 3.3 window and the model's full one. */
  @Param({"24000", "131072"})
  public int contextTokens;

  private TurnPrompts prompts;
  private SessionState.Open open;
  private ChatMessage question;

  @Setup
  public void build() {
    SessionSettings settings = SessionSettings.create(ConfigFactory
        .parseString("parley.session.context-tokens = " + contextTokens)
        .withFallback(ReferenceConfig.load()));
    prompts = TurnPrompts.create(settings);
    open = Conversations.open(history + 1, 7);
    List<ChatMessage> messages = open.transcript().messages();
    question = messages.get(messages.size() - 1);
  }

  @Benchmark
  public Optional<SeqRange> turnPrompt() {
    ConversationNotes notes = open.notes();
    long summarized = notes.summarizedThroughSeq();
    List<ChatMessage> turnHistory = open.transcript().conversationUpTo(question).stream()
        .filter(m -> m.seq() > summarized)
        .toList();
    AssembledPrompt prompt = prompts.assemble(turnHistory, NOW, notes.summaryText(), notes.pinnedFacts(), List.of(),
        BotConfig.empty());
    return prompts.summaryRange(turnHistory, summarized, prompt);
  }
}
