package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore drill: a node on PostgreSQL with a root key of its own writes sealed sessions; the
 * backup and restore commands of docs/operations.md, read from the doc and run as they are written
 * (the PostgreSQL client programs, Debian's {@code postgresql-client}, which .ci/run installs), copy
 * its database into a new one, which then has every table of the original, each one the doc says
 * why a restore needs; a node started on the copy with the same root key reads every session back,
 * each transcript decrypted, and finds them by a word said in them. Fails, never skips, without the client programs.
 */
class PostgresBackupDrillTest {
  private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
  private static final int SESSIONS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDocumentedBackupRestoresEverySealedSessionIntoANewDatabase(@TempDir Path work) throws Exception {
    Path rootKey = Files.writeString(work.resolve("root-key"), Base64.getEncoder().encodeToString(randomKey()));
    Map<String, Object> keys = Map.of("parley.keys.root-key-file", rootKey.toString());
    DatabaseSettings original = TestPostgres.newDatabase();
    String restoredName = "parley_restored_" + UUID.randomUUID().toString().replace("-", "");
    DatabaseSettings restored = DatabaseSettings.postgres(withDatabase(original.url(), restoredName),
        original.user().orElse(""), original.password().orElse(""));
    Map<String, String> said = new LinkedHashMap<>();

    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      try (ParleyNode node = ParleyNode.start(TestNode.config(original, Optional.of(model.baseUrl()), keys))) {
        for (int i = 0; i < SESSIONS; i++) {
          String text = "Order 10" + i + " goes to customer" + i + "@example.com";
          try (ChatClient customer = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("customer-" + i))) {
            String sessionId = customer.startNew();
            customer.say("c-1", text);
            customer.answerOf("turn-1");
            said.put(sessionId, text);
          }
        }
        assertSealed(original, said.values());
        assertEquals(said.keySet(), awaitFound(node, "goes"), "the conversations searchable before the backup");
        // Taken while the node runs, as a backup is.
        run("backup", original, work);
      }
      run("restore", restored, work);
      Set<String> tables = tables(original);
      assertEquals(tables, tables(restored), "the restored database has every table");
      String backups = Files.readString(OPERATIONS);
      for (String table : tables) {
        assertTrue(backups.contains("| `" + table + "`") || backups.contains(", `" + table + "`"),
            "docs/operations.md says why a restore needs " + table);
      }

      try (ParleyNode node = ParleyNode.start(TestNode.config(restored, Optional.of(model.baseUrl()), keys))) {
        for (Map.Entry<String, String> session : said.entrySet()) {
          HttpResponse<String> read = TestIdentity.asAdmin(node.httpPort(), "GET",
              "/v1/sessions/" + session.getKey() + "?tenant=acme", null);
          assertEquals(200, read.statusCode(), read.body());
          JsonNode view = JSON.readTree(read.body());
          List<String> texts = StreamSupport.stream(view.get("messages").spliterator(), false)
              .map(message -> message.get("text").asText()).toList();
          assertEquals(List.of(session.getValue(), "You said: " + session.getValue()), texts, view.toString());
        }
        assertEquals(said.keySet(), found(node, "goes"), "the search index restored with the key its words are hashed with");
      }
    } finally {
      drop(original, restoredName);
    }
  }

  /** The conversations of tenant acme holding {@code word}, once the projection indexed some (it folds a little later). */
  private static Set<String> awaitFound(ParleyNode node, String word) throws Exception {
    return await("the conversations holding " + word + " indexed").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200)).until(() -> found(node, word), found -> found.size() >= SESSIONS);
  }

  private static Set<String> found(ParleyNode node, String word) throws Exception {
    return Set.copyOf(ConversationsEndToEndTest.ids(ConversationsEndToEndTest.list(node.httpPort(), "acme", "q=" + word)));
  }

  /** The journal of {@code database} holds events, and none of them shows what was said. */
  private static void assertSealed(DatabaseSettings database, Iterable<String> said) throws Exception {
    List<String> payloads = new ArrayList<>();
    try (Connection connection = connect(database); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT event_payload FROM event_journal")) {
      while (rows.next()) payloads.add(new String(rows.getBytes(1), StandardCharsets.ISO_8859_1));
    }
    assertFalse(payloads.isEmpty());
    for (String text : said) {
      assertTrue(payloads.stream().noneMatch(payload -> payload.contains("@example.com") || payload.contains(text)),
          "the journal holds sealed events only");
    }
  }

  private static Set<String> tables(DatabaseSettings database) throws Exception {
    Set<String> tables = new TreeSet<>();
    try (Connection connection = connect(database); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")) {
      while (rows.next()) tables.add(rows.getString(1));
    }
    assertTrue(tables.contains("data_key") && tables.contains("event_journal"), tables.toString());
    return tables;
  }

  /**
   * Runs the shell block of docs/operations.md that follows the marker {@code <!-- step: ...}, in
   * {@code work}, with libpq's environment naming {@code database}.
   */
  private static void run(String step, DatabaseSettings database, Path work) throws Exception {
    String commands = documented(step);
    URI url = URI.create(database.url().substring("jdbc:".length()));
    ProcessBuilder shell = new ProcessBuilder("bash", "-euo", "pipefail", "-c", commands).directory(work.toFile())
        .redirectErrorStream(true).redirectOutput(work.resolve(step + ".log").toFile());
    shell.environment().keySet().removeIf(name -> name.startsWith("PG"));
    shell.environment().put("PGHOST", url.getHost());
    shell.environment().put("PGPORT", String.valueOf(url.getPort() < 0 ? 5432 : url.getPort()));
    shell.environment().put("PGUSER", database.user().orElse("postgres"));
    shell.environment().put("PGPASSWORD", database.password().orElse(""));
    shell.environment().put("PGDATABASE", url.getPath().substring(1));
    Process process = shell.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), step + " did not finish in time");
    String output = Files.readString(work.resolve(step + ".log"));
    assertEquals(0, process.exitValue(), "the documented " + step + " failed:\n" + commands + "\n" + output
        + "\n(pg_dump, pg_restore and createdb come with Debian's postgresql-client: apt-get install -y postgresql-client;"
        + " CI's .ci/run does)");
  }

  /** The {@code sh} block after {@code <!-- step: run by PostgresBackupDrillTest -->}, its list indentation taken off. */
  static String documented(String step) throws IOException {
    List<String> lines = Files.readAllLines(OPERATIONS);
    int marker = lines.indexOf("  <!-- " + step + ": run by PostgresBackupDrillTest -->");
    assertTrue(marker >= 0 && lines.get(marker + 1).strip().equals("```sh"), "docs/operations.md has the " + step + " block");
    StringBuilder block = new StringBuilder();
    for (int i = marker + 2; !lines.get(i).strip().equals("```"); i++) block.append(lines.get(i).strip()).append('\n');
    return block.toString();
  }

  private static String withDatabase(String jdbcUrl, String name) {
    URI url = URI.create(jdbcUrl.substring("jdbc:".length()));
    return "jdbc:postgresql://" + url.getRawAuthority() + "/" + name + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
  }

  private static void drop(DatabaseSettings from, String name) throws Exception {
    try (Connection connection = connect(from); Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name);
    }
  }

  private static Connection connect(DatabaseSettings database) throws Exception {
    return DriverManager.getConnection(database.url(), database.user().orElse(null), database.password().orElse(null));
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
