package io.parley.http.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.experiment.ExperimentArm;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Rating;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.core.session.Translation;
import io.parley.persistence.conversations.ConversationQuery;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.persistence.conversations.ConversationScore;
import io.parley.persistence.conversations.ConversationTexts;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.persistence.conversations.ResolvedBy;
import io.parley.sessions.ArchiveRedaction;
import io.parley.sessions.SessionView;
import io.parley.sessions.conversations.ExportPrint;
import io.parley.sessions.failsafe.FailedSafeSession;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
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
 * {@code GET /v1/conversations/export?from=&to=&format=jsonl|csv&include=transcript}: every
 * conversation of the tenant started in the range, oldest first, written row by row into the
 * response as the database hands them over (a chunked body; a slow client slows the reading,
 * nothing is held). The same fields as the list, tags, the judge's score and the experiment and arm included, and
 * its rating's comment, its tool calls and their approvals ({@link ToolCallJson}) as the projection
 * keeps them ({@link ExportPrint}): the export reads the database only. With {@code
 * include=transcript} its messages follow it: a {@code transcript} array in JSON lines, one CSV line
 * per message (the conversation's cells repeated), asked of its session, one conversation at a time,
 * as is everything of a conversation the projection kept no texts for (projected before they were
 * kept). What comes from the session is redacted as its archive is ({@link ArchiveRedaction}), and
 * what the projection kept alike.
 * An export that cannot write every row has its connection closed before the chunked body's last
 * chunk: the client sees a broken transfer, never a body that looks whole.
 */
final class ConversationExport {
  private static final Logger LOG = LoggerFactory.getLogger(ConversationExport.class);
  private static final List<String> CSV_COLUMNS = List.of("sessionId", "userId", "channel", "startedAt", "closedAt",
      "status", "resolvedBy", "handoffAskedAt", "handoffTakenAt", "handoffWaitMs", "userMessages", "botMessages",
      "agentMessages", "notices", "firstResponseMs", "promptTokens", "completionTokens", "estimatedCostUsd",
      "leadScore", "leadQualified", "rating", "language", "voiceSeconds", "tags", "qualityState", "qualityScore",
      "qualityResolved", "qualityGrounded", "qualityTone", "qualityReason", "ratingComment", "toolCalls", "approvals",
      "experiment", "experimentArm");
  private static final List<String> CSV_MESSAGE_COLUMNS =
      List.of("messageSeq", "messageRole", "messageAuthor", "messageAt", "messageText", "messageTranslatedFrom",
          "messageOriginal");
  private static final String TRANSCRIPT = "transcript";
  private static final String FORMULA_STARTS = "=+-@\t\r";
  /** How long a write waits for a client that reads nothing before the export gives up. */
  private static final Duration STALLED_CLIENT = Duration.ofSeconds(60);

  private final JdbcConversations conversations;
  private final ObjectMapper json;
  private final Executor blocking;
  private final Function<SessionId, CompletionStage<SessionView>> sessions;
  private final boolean redactByNode;

  /** {@code sessions}: a session's whole view; {@code redactByNode}: whether the node redacts its archives. */
  ConversationExport(JdbcConversations conversations, ObjectMapper json, Executor blocking,
      Function<SessionId, CompletionStage<SessionView>> sessions, boolean redactByNode) {
    this.conversations = conversations;
    this.json = json;
    this.blocking = blocking;
    this.sessions = sessions;
    this.redactByNode = redactByNode;
  }

  /** The streamed response; throws {@code IllegalArgumentException} for bad parameters, before anything is sent. */
  HttpResponse response(String tenant, Map<String, String> parameters) {
    Map<String, String> range = new TreeMap<>(parameters);
    String format = Optional.ofNullable(range.remove("format")).orElse("jsonl");
    if (!format.equals("jsonl") && !format.equals("csv")) {
      throw new IllegalArgumentException("format must be one of [jsonl, csv], got '" + format + "'");
    }
    Optional<String> include = Optional.ofNullable(range.remove("include"));
    if (include.isPresent() && !include.get().equals(TRANSCRIPT)) {
      throw new IllegalArgumentException("include must be transcript, got '" + include.get() + "'");
    }
    boolean transcripts = include.isPresent();
    for (String name : range.keySet()) {
      if (!List.of("tenant", "from", "to").contains(name)) {
        throw new IllegalArgumentException("unknown parameter '" + name + "'; known: [format, from, include, tenant, to]");
      }
    }
    ConversationQuery query = ConversationQuery.range(tenant,
        Optional.ofNullable(range.get("from")).map(raw -> QueryParameters.instant("from", raw)),
        Optional.ofNullable(range.get("to")).map(raw -> QueryParameters.instant("to", raw)), Optional.empty());
    boolean csv = format.equals("csv");
    CompletableFuture<Void> written = new CompletableFuture<>();
    Source<ByteString, NotUsed> rows = StreamConverters.asOutputStream(STALLED_CLIENT).mapMaterializedValue(out -> {
      blocking.execute(() -> write(query, csv, transcripts, out, written));
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
  private void write(ConversationQuery query, boolean csv, boolean transcripts, OutputStream out,
      CompletableFuture<Void> written) {
    try (Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
      if (csv) {
        List<String> columns = new ArrayList<>(CSV_COLUMNS);
        if (transcripts) columns.addAll(CSV_MESSAGE_COLUMNS);
        writer.write(String.join(",", columns) + "\n");
      }
      conversations.each(query, row -> {
        try {
          Details details = details(row, transcripts);
          writer.write(csv ? csvLines(row, details) : jsonLine(row, details));
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

  /**
   * What the conversation's session adds to its row, redacted as its archive is: the rating's
   * comment, the tool calls and, when asked for, the messages. {@code transcript} is absent when
   * not asked for.
   */
  private record Details(Optional<String> ratingComment, List<ToolCallJson> toolCalls,
      Optional<List<ChatMessage>> transcript, Optional<ExperimentArm> experiment) {
    static Details none(boolean transcripts) {
      return new Details(Optional.empty(), List.of(), transcripts ? Optional.of(List.of()) : Optional.empty(),
          Optional.empty());
    }
  }

  /**
   * The row's details: those the projection kept, up to the row's messages; otherwise, and with the
   * transcript, asked of its session while the export waits (on the export's own thread), so that
   * no more than one conversation is held at a time; none for a session erased meanwhile
   * or failed-safe.
   */
  private Details details(ConversationRow row, boolean transcripts) {
    Optional<ConversationTexts> kept = transcripts ? Optional.empty() : conversations.texts(row.tenant(), row.sessionId())
        .filter(texts -> ExportPrint.upTo(texts, (long) row.userMessages() + row.botMessages() + row.agentMessages()
            + row.notices()));
    if (kept.isPresent()) {
      ExportPrint.Printed printed = ExportPrint.of(kept.get());
      return new Details(printed.ratingComment(), printed.toolCalls().stream().map(ToolCallJson::of).toList(),
          Optional.empty(), Optional.ofNullable(conversations.experiments().armsOf(row.tenant(), List.of(row.sessionId()))
              .get(row.sessionId())));
    }
    SessionView view;
    try {
      view = sessions.apply(SessionId.of(row.tenant(), row.sessionId())).toCompletableFuture().join();
    } catch (CompletionException e) {
      // Erased meanwhile, or failed-safe (docs/operations.md#failed-safe-sessions): exported without what the session holds.
      if (e.getCause() instanceof Refusal refused && (refused.code() == ErrorCode.NOT_FOUND
          || FailedSafeSession.answered(refused))) {
        return Details.none(transcripts);
      }
      throw new IllegalStateException("the conversation " + row.sessionId() + " could not be read", e.getCause());
    }
    ArchiveRedaction.Redacted texts = ArchiveRedaction.conversation(view.messages(), view.notes(),
        view.info().botConfig(), redactByNode);
    return new Details(texts.rating().flatMap(Rating::comment), texts.toolCalls().stream().map(ToolCallJson::of).toList(),
        transcripts ? Optional.of(texts.messages()) : Optional.empty(),
        view.info().botConfig().flatMap(PinnedBotConfig::experiment));
  }

  private String jsonLine(ConversationRow row, Details details) throws IOException {
    ObjectNode line = json.valueToTree(ConversationJson.of(row).in(details.experiment()));
    details.ratingComment().ifPresent(comment -> line.put("ratingComment", comment));
    line.set("toolCalls", json.valueToTree(details.toolCalls()));
    details.transcript().ifPresent(messages -> line.set(TRANSCRIPT, json.valueToTree(messages)));
    return json.writeValueAsString(line) + "\n";
  }

  /** The conversation's line; with its transcript, one line per message (one with empty message cells when it has none). */
  private static String csvLines(ConversationRow row, Details details) {
    String conversation = csvCells(row) + ',' + cell(details.ratingComment().orElse("")) + ','
        + cell(String.join("\n", details.toolCalls().stream().map(ToolCallJson::line).toList())) + ','
        + cell(String.join("\n", details.toolCalls().stream()
            .flatMap(call -> call.approval().map(approval -> approval.line(call.tool())).stream()).toList())) + ','
        + cell(text(details.experiment().map(ExperimentArm::experiment))) + ','
        + cell(text(details.experiment().map(arm -> arm.arm().wireName())));
    if (details.transcript().isEmpty()) return conversation + "\n";
    List<ChatMessage> messages = details.transcript().get();
    if (messages.isEmpty()) return conversation + ",".repeat(CSV_MESSAGE_COLUMNS.size()) + "\n";
    StringBuilder lines = new StringBuilder();
    for (ChatMessage message : messages) {
      lines.append(conversation);
      // An agent's reply sent as the model's translation: the language and words the agent wrote it in.
      for (String value : List.of(Long.toString(message.seq()), message.role().wireName(), message.author().orElse(""),
          message.at().toString(), message.text(), message.translation().map(Translation::from).orElse(""),
          message.translation().map(Translation::original).orElse(""))) {
        lines.append(',').append(cell(value));
      }
      lines.append('\n');
    }
    return lines.toString();
  }

  private static String csvCells(ConversationRow row) {
    List<Object> values = List.of(row.sessionId(), row.userId().orElse(""), row.channel(), row.startedAt(),
        text(row.closedAt()), row.status().wireName(), text(row.resolution().map(ResolvedBy::wireName)),
        text(row.handoffAskedAt()), text(row.handoffTakenAt()), text(row.handoffWaitMs()), row.userMessages(),
        row.botMessages(), row.agentMessages(), row.notices(), text(row.firstResponseMs()), row.promptTokens(),
        row.completionTokens(), row.costUsd(), text(row.leadScore()), row.leadQualified(), text(row.rating()),
        text(row.language()), row.voiceSeconds(), String.join(" ", row.tags()),
        text(row.score().map(score -> score.state().wireName())), text(row.score().flatMap(ConversationScore::score)),
        text(row.score().flatMap(ConversationScore::resolved)), text(row.score().flatMap(ConversationScore::grounded)),
        text(row.score().flatMap(ConversationScore::tone)), text(row.score().flatMap(ConversationScore::reason)));
    StringBuilder line = new StringBuilder();
    for (Object value : values) {
      if (line.length() > 0) line.append(',');
      line.append(cell(value.toString()));
    }
    return line.toString();
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
