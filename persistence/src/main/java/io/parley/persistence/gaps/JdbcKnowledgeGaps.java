package io.parley.persistence.gaps;

import io.parley.core.gaps.GapReason;
import io.parley.core.gaps.GapSample;
import io.parley.core.gaps.KnowledgeGaps;
import io.parley.core.gaps.UnansweredQuestion;
import io.parley.core.memory.EmbeddingModel;
import io.parley.persistence.EmbeddingBytes;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The questions the tenants' bots could not answer (table {@code knowledge_gap}, migration V23),
 * shared by the cluster. {@link #record} returns at once: embedding and storing run on {@code
 * blocking}, and a question that cannot be stored is logged and lost (it is a figure, not a
 * record anyone relies on). Every read names the tenant.
 */
public record JdbcKnowledgeGaps(DataSource dataSource, EmbeddingModel embeddings,
    Executor blocking) implements KnowledgeGaps {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcKnowledgeGaps.class);
  static final int QUEUED = 1_000;

  /**
   * Stores on a thread of its own, with at most {@value #QUEUED} questions waiting: a burst of
   * them (a node whose model is down answers every question offline) is shed rather than kept in
   * memory without bound or let to queue ahead of the sessions' own work.
   */
  public static JdbcKnowledgeGaps onItsOwnThread(DataSource dataSource, EmbeddingModel embeddings) {
    ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED),
        task -> Thread.ofPlatform().daemon().name("parley-knowledge-gaps").unstarted(task));
    return new JdbcKnowledgeGaps(dataSource, embeddings, thread);
  }

  @Override
  public void record(UnansweredQuestion question) {
    if (question.question().isEmpty()) return;
    try {
      blocking.execute(() -> {
        try {
          store(question);
        } catch (RuntimeException e) {
          LOG.warn("could not keep an unanswered question of tenant {}: {}", question.tenant(), e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("too many unanswered questions waiting to be kept; one of tenant {} is not", question.tenant());
    }
  }

  /**
   * Embeds and stores {@code question} now, on the caller's thread; once: a question already kept
   * for another reason (a rule handed it to a person, then the bot answered it as nobody came) keeps
   * its first reason. A session's questions are stored one at a time ({@link #onItsOwnThread}), so
   * the check does not race.
   */
  public void store(UnansweredQuestion question) {
    boolean kept = Transactions.read(dataSource, "look for an unanswered question", connection -> Transactions.first(
        connection, "SELECT 1 FROM knowledge_gap WHERE tenant = ? AND session_id = ? AND asked_at = ? AND question = ?",
        rows -> true, question.tenant(), question.sessionId(), question.at().toEpochMilli(), question.question())
        .isPresent());
    if (kept) return;
    byte[] embedding = EmbeddingBytes.encode(embeddings.embed(question.question()));
    Transactions.write(dataSource, "keep an unanswered question", connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO knowledge_gap "
          + "(tenant, session_id, asked_at, user_id, reason, question, embedding) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        StatementParameters.bind(insert, question.tenant(), question.sessionId(), question.at().toEpochMilli());
        if (question.userId().isPresent()) insert.setString(4, question.userId().get());
        else insert.setNull(4, Types.VARCHAR);
        insert.setString(5, question.reason().wireName());
        insert.setString(6, question.question());
        insert.setBytes(7, embedding);
        return insert.executeUpdate();
      }
    });
  }

  /** The tenant's questions asked in {@code [from, to)}, the latest {@code most} of them, oldest first. */
  public List<GapSample> asked(String tenant, Instant from, Instant to, int most) {
    return Transactions.read(dataSource, "read unanswered questions", connection -> {
      return Transactions.list(connection, "SELECT question, reason, asked_at, embedding "
          + "FROM knowledge_gap WHERE tenant = ? AND asked_at >= ? AND asked_at < ? ORDER BY asked_at DESC LIMIT ?",
          rows -> new GapSample(rows.getString("question"),
            GapReason.fromWireName(rows.getString("reason")), Instant.ofEpochMilli(rows.getLong("asked_at")),
            EmbeddingBytes.decode(rows.getBytes("embedding"))),
            tenant, from.toEpochMilli(), to.toEpochMilli(), most).reversed();
    });
  }
}
