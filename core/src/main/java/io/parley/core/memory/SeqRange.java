package io.parley.core.memory;

import io.parley.core.session.ChatMessage;
import java.util.List;

/** The messages with {@code fromSeq <= seq <= toSeq}: what one summary update folds in. */
public record SeqRange(long fromSeq, long toSeq) {
  public SeqRange {
    if (fromSeq < 1 || toSeq < fromSeq) {
      throw new IllegalArgumentException("not a range of message seqs: [" + fromSeq + ", " + toSeq + "]");
    }
  }

  public boolean contains(long seq) {
    return seq >= fromSeq && seq <= toSeq;
  }

  /** The messages of {@code history} in this range, in the order {@code history} has them. */
  public List<ChatMessage> select(List<ChatMessage> history) {
    return history.stream().filter(m -> contains(m.seq())).toList();
  }
}
