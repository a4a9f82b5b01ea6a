package io.parley.http;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
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
 * its own (and its own model, so queued replies never leak between tests).
 */
final class RunningNode implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private final Optional<Supplier<FakeChatCompletionsServer>> modelServer;
  private final Map<String, Object> settings;
  private boolean perClass;
  private FakeChatCompletionsServer model;
  private DatabaseSettings database;
  private ParleyNode node;

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
    return node.httpPort();
  }

  ParleyNode node() {
    return node;
  }

  /** The node's database, for a test that reads its tables. */
  DatabaseSettings database() {
    return database;
  }

  FakeChatCompletionsServer model() {
    if (model == null) throw new IllegalStateException("this node has no model");
    return model;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) stop();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void start() {
    model = modelServer.map(Supplier::get).orElse(null);
    try {
      database = TestPostgres.newDatabase();
      node = ParleyNode.start(TestNode.config(database,
          Optional.ofNullable(model).map(FakeChatCompletionsServer::baseUrl), settings));
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  private void stop() {
    if (node != null) node.close();
    if (model != null) model.close();
    node = null;
    model = null;
    database = null;
  }
}
