package io.parley.http.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.conversations.ConversationQuery;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.persistence.conversations.ResolvedBy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/conversations/export?from=&to=&format=jsonl|csv}: every conversation of the tenant
 * started in the range, oldest first, written row by row into the response as the database hands
 * them over (a chunked body; a slow client slows the reading, nothing is held). The same fields as
 * the list, without tags. An export that cannot write every row has its connection closed before
 * the chunked body's last chunk: the client sees a broken transfer, never a body that looks whole.
 */
final class ConversationExport {
  private static final Logger LOG = LoggerFactory.getLogger(ConversationExport.class);
  private static final List<String> CSV_COLUMNS = List.of("sessionId", "userId", "channel", "startedAt", "closedAt",
      "status", "resolvedBy", "handoffAskedAt", "handoffTakenAt", "handoffWaitMs", "userMessages", "botMessages",
      "agentMessages", "notices", "firstResponseMs", "promptTokens", "completionTokens", "estimatedCostUsd",
      "leadScore", "leadQualified", "rating", "language", "voiceSeconds");
  private static final String FORMULA_STARTS = "=+-@\t\r";
  /** How long a write waits for a client that reads nothing before the export gives up. */
  private static final Duration STALLED_CLIENT = Duration.ofSeconds(60);

  private final JdbcConversations conversations;
  private final ObjectMapper json;
  private final Executor blocking;

  ConversationExport(JdbcConversations conversations, ObjectMapper json, Executor blocking) {
    this.conversations = conversations;
    this.json = json;
    this.blocking = blocking;
  }

  /** The streamed response; throws {@code IllegalArgumentException} for bad parameters, before anything is sent. */
  HttpResponse response(String tenant, Map<String, String> parameters) {
    Map<String, String> range = new TreeMap<>(parameters);
    String format = Optional.ofNullable(range.remove("format")).orElse("jsonl");
    if (!format.equals("jsonl") && !format.equals("csv")) {
      throw new IllegalArgumentException("format must be one of [jsonl, csv], got '" + format + "'");
    }
    for (String name : range.keySet()) {
      if (!List.of("tenant", "from", "to").contains(name)) {
        throw new IllegalArgumentException("unknown parameter '" + name + "'; known: [format, from, tenant, to]");
      }
    }
    ConversationQuery query = ConversationQuery.range(tenant,
        Optional.ofNullable(range.get("from")).map(raw -> QueryParameters.instant("from", raw)),
        Optional.ofNullable(range.get("to")).map(raw -> QueryParameters.instant("to", raw)), Optional.empty());
    boolean csv = format.equals("csv");
    CompletableFuture<Void> written = new CompletableFuture<>();
    Source<ByteString, NotUsed> rows = StreamConverters.asOutputStream(STALLED_CLIENT).mapMaterializedValue(out -> {
      blocking.execute(() -> write(query, csv, out, written));
      return NotUsed.getInstance();
    });
    // After the rows, the outcome: a write that failed fails the body, so the connection is cut
    // before the chunked body's last chunk and the client sees an incomplete export, not a short one.
    Source<ByteString, NotUsed> body = rows.concat(Source.completionStageSource(
        written.thenApply(done -> Source.<ByteString>empty())));
    ContentType type = csv ? MediaTypes.TEXT_CSV.toContentType(HttpCharsets.UTF_8)
        : MediaTypes.applicationWithOpenCharset("x-ndjson").toContentType(HttpCharsets.UTF_8);
    return HttpResponse.create().withEntity(HttpEntities.createChunked(type, body));
  }

  /** Writes the rows into {@code out}, then completes {@code written}, or fails it when the rows could not all be written. */
  private void write(ConversationQuery query, boolean csv, OutputStream out, CompletableFuture<Void> written) {
    try (Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
      if (csv) writer.write(String.join(",", CSV_COLUMNS) + "\n");
      conversations.each(query, row -> {
        try {
          writer.write(csv ? csvLine(row) : json.writeValueAsString(ConversationJson.of(row)) + "\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | RuntimeException e) {
      // The status line is sent: the body is cut off (see response).
      LOG.warn("a conversations export of tenant {} ended early; its connection is closed before the body's end",
          query.tenant(), e);
      written.completeExceptionally(new ExportEndedEarly(query.tenant()));
      return;
    }
    written.complete(null);
  }

  /** What fails an export's body; the cause is in the log line before it, as the rows may hold personal data. */
  static final class ExportEndedEarly extends RuntimeException {
    ExportEndedEarly(String tenant) {
      super("the conversations export of tenant " + tenant + " ended early", null, false, false);
    }
  }

  private static String csvLine(ConversationRow row) {
    List<Object> values = List.of(row.sessionId(), row.userId().orElse(""), row.channel(), row.startedAt(),
        text(row.closedAt()), row.status().wireName(), text(row.resolvedBy().map(ResolvedBy::wireName)),
        text(row.handoffAskedAt()), text(row.handoffTakenAt()), text(row.handoffWaitMs()), row.userMessages(),
        row.botMessages(), row.agentMessages(), row.notices(), text(row.firstResponseMs()), row.promptTokens(),
        row.completionTokens(), row.costUsd(), text(row.leadScore()), row.leadQualified(), text(row.rating()),
        text(row.language()), row.voiceSeconds());
    StringBuilder line = new StringBuilder();
    for (Object value : values) {
      if (line.length() > 0) line.append(',');
      line.append(cell(value.toString()));
    }
    return line.append('\n').toString();
  }

  private static String text(Optional<?> value) {
    return value.map(Object::toString).orElse("");
  }

  /**
   * RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. A cell that a
   * spreadsheet would take for a formula is written with a ' before it: one starting with =, +, -
   * or @, and one starting with a tab or a carriage return, which spreadsheets skip before reading
   * the formula behind them (OWASP's CSV injection list).
   */
  static String cell(String value) {
    String text = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    return text.matches("(?s).*[,\"\r\n].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }
}
