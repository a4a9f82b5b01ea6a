package io.parley.bench;

import io.parley.core.privacy.Placeholders;
import io.parley.core.session.ChatMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The CPU a turn spends redacting its prompt before it leaves the process: every message of the
 * window is searched for personal data (the six built-in kinds) and numbered into placeholders,
 * as {@code TurnRunner} does on each turn. The conversations are {@link Conversations}': support
 * questions and answers with order numbers, amounts and one e-mail address.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedactionBenchmark extends InMemoryBenchmark {
  /** Messages in the prompt's window. */
  @Param({"20", "200"})
  public int window;

  private List<String> texts;

  @Setup
  public void build() {
    texts = Conversations.open(window, 7).transcript().messages().stream().map(ChatMessage::text).toList();
  }

  @Benchmark
  public int redactWindow() {
    Placeholders placeholders = Placeholders.numbering(List.of());
    int length = 0;
    for (String text : texts) length += placeholders.redact(text).length();
    return length;
  }
}
