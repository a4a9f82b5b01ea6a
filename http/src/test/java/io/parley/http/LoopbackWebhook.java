package io.parley.http;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A tenant's webhook receiver on loopback for a test class, registered as a static extension: its
 * port is fixed when the class loads, so a node built then can be given its {@link #setting}, and a
 * receiver is started before each run of the class's tests (surefire's rerun of a failed one too),
 * with no deliveries and nothing scripted, and closed after.
 */
final class LoopbackWebhook implements BeforeAllCallback, AfterAllCallback {
  private final String secret;
  private final int port = LoopbackPorts.port();
  private WebhookReceiver receiver;

  LoopbackWebhook(String secret) {
    this.secret = secret;
  }

  /** {@code PARLEY_WEBHOOKS} sending {@code tenant}'s events to this class's receiver. */
  String setting(String tenant) {
    return WebhookReceiver.setting(tenant, WebhookReceiver.url(port), secret);
  }

  /** The receiver of the class's run under way. */
  WebhookReceiver receiver() {
    if (receiver == null) throw new IllegalStateException("the receiver starts before the class's tests: read it in a test");
    return receiver;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    receiver = WebhookReceiver.start(secret, port);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    receiver.close();
    receiver = null;
  }
}
