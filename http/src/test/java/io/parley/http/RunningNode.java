package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A node on a fresh PostgreSQL database, with a fake model when one is given, as a JUnit extension:
 * registered on a static field it serves the whole test class, on an instance field each test gets
 * its own (and its own model, so queued replies never leak between tests). A test that needs other
 * settings, or stops what it talks to, starts a node of its own with {@link #startOwn}: the
 * extension's accessors answer for that node until the test ends and it is closed.
 */
final class RunningNode implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private final Optional<Supplier<FakeChatCompletionsServer>> modelServer;
  private final Map<String, Object> settings;
  private boolean perClass;
  private Started shared;
  private Started own;

  /** A node with its model and database. */
  private record Started(FakeChatCompletionsServer model, DatabaseSettings database, ParleyNode node,
      Map<String, Object> settings) {
    void close() {
      if (node != null) node.close();
      if (model != null) model.close();
    }
  }

  private RunningNode(Optional<Supplier<FakeChatCompletionsServer>> modelServer, Map<String, Object> settings) {
    this.modelServer = modelServer;
    this.settings = settings;
  }

  /** A node that answers offline (no model configured). */
  static RunningNode offline() {
    return offline(Map.of());
  }

  /** The same with these node {@code settings} on top of {@link TestNode}'s (e.g. {@code parley.voice.enabled}). */
  static RunningNode offline(Map<String, Object> settings) {
    return new RunningNode(Optional.empty(), settings);
  }

  /** A node whose model is the fake server {@code modelServer} starts. */
  static RunningNode withModel(Supplier<FakeChatCompletionsServer> modelServer) {
    return withModel(modelServer, Map.of());
  }

  /** The same with these node {@code settings} on top of {@link TestNode}'s. */
  static RunningNode withModel(Supplier<FakeChatCompletionsServer> modelServer, Map<String, Object> settings) {
    return new RunningNode(Optional.of(modelServer), settings);
  }

  int httpPort() {
    return current().node().httpPort();
  }

  int managementPort() {
    return current().node().managementPort();
  }

  ParleyNode node() {
    return current().node();
  }

  /** The node's database, for a test that reads its tables. */
  DatabaseSettings database() {
    return current().database();
  }

  /** A connection to the node's database, for a test that reads or changes its tables. */
  Connection connect() throws SQLException {
    DatabaseSettings database = database();
    return DriverManager.getConnection(database.url(), database.user().orElse(null), database.password().orElse(null));
  }

  /** Adds a markdown article to {@code tenant}'s knowledge base, as its admin; fails unless it was created. */
  void addArticle(String tenant, String title, String markdown) throws Exception {
    String article = new ObjectMapper().createObjectNode().put("title", title).put("format", "markdown")
        .put("content", markdown).toString();
    HttpResponse<String> added = TestIdentity.asAdmin(httpPort(), "POST", "/v1/kb/documents?tenant=" + tenant, article);
    assertEquals(201, added.statusCode(), added.body());
  }

  FakeChatCompletionsServer model() {
    if (current().model() == null) throw new IllegalStateException("this node has no model");
    return current().model();
  }

  /**
   * Starts a node for this test alone, with a model of its own and a new database, and {@code
   * overrides} on top of the extension's settings; closed after the test.
   */
  void startOwn(Map<String, Object> overrides) {
    if (own != null) throw new IllegalStateException("this test has its own node already");
    Map<String, Object> all = new HashMap<>(settings);
    all.putAll(overrides);
    own = start(all);
  }

  /** Stops this test's own node and starts it again on the same database and model, as a restarted node. */
  void restartOwn() {
    if (own == null) throw new IllegalStateException("only a test's own node restarts");
    own.node().close();
    own = new Started(own.model(), own.database(), ParleyNode.start(TestNode.config(own.database(),
        Optional.ofNullable(own.model()).map(FakeChatCompletionsServer::baseUrl), own.settings())), own.settings());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    shared = start(settings);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) shared = start(settings);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (own != null) own.close();
    own = null;
    if (!perClass) stopShared();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopShared();
  }

  private Started current() {
    return own != null ? own : shared;
  }

  private Started start(Map<String, Object> nodeSettings) {
    FakeChatCompletionsServer model = modelServer.map(Supplier::get).orElse(null);
    try {
      DatabaseSettings database = TestPostgres.newDatabase();
      return new Started(model, database, ParleyNode.start(TestNode.config(database,
          Optional.ofNullable(model).map(FakeChatCompletionsServer::baseUrl), nodeSettings)), nodeSettings);
    } catch (RuntimeException e) {
      if (model != null) model.close();
      throw e;
    }
  }

  private void stopShared() {
    if (shared != null) shared.close();
    shared = null;
  }
}
