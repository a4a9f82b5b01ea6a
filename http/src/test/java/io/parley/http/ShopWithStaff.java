package io.parley.http;

import com.sun.net.httpserver.HttpServer;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A shop's pages with the widget for tenant acme on loopback, and the node they embed it from, whose
 * staff sign in ({@link StaffNode}, its operator head@acme.example an admin of acme), for a browser test
 * of what customers and staff see: the node's model is a fake one answering as {@code model} says, and its
 * tenants allow the pages' origin with acme's publishable {@code key}. {@code pages} serves the pages,
 * given the node's HTTP port. Started before each test, stopped after it.
 */
final class ShopWithStaff implements BeforeEachCallback, AfterEachCallback {
  static final String TENANT = "acme";

  private final String key;
  private final Function<RecordedRequest, String> answers;
  private final Function<IntSupplier, HttpServer> pages;
  private FakeChatCompletionsServer model;
  private HttpServer site;
  private StaffNode staff;

  ShopWithStaff(String key, Function<RecordedRequest, String> answers, Function<IntSupplier, HttpServer> pages) {
    this.key = key;
    this.answers = answers;
    this.pages = pages;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    model = FakeChatCompletionsServer.start(answers);
    site = pages.apply(() -> staff.node.httpPort());
    staff = StaffNode.start(TENANT, "head@acme.example", WidgetOnSite.tenantsAllowing(key, WidgetOnSite.origin(site)),
        Optional.of(model.baseUrl()));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (site != null) site.stop(0);
    if (staff != null) staff.close();
    if (model != null) model.close();
  }

  FakeChatCompletionsServer model() {
    return model;
  }

  StaffNode staff() {
    return staff;
  }

  /** The shop's page at {@code path}, as the browser opens it. */
  String page(String path) {
    return WidgetOnSite.origin(site) + path;
  }
}
