package io.parley.http;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A phone node that places calls, for a test class: its line (the fake model answering {@code answer})
 * with outbound calls allowed to loopback only so that sipp can be the called party, the default
 * tenant's webhook heard by a receiver signing with {@code webhookSecret}, and the management API open
 * to {@link OpsClient}'s token; {@code settings} add to those. Started before the class's tests and
 * stopped after them.
 */
final class PlacingLine implements BeforeAllCallback, AfterAllCallback {
  private final String webhookSecret;
  private final String answer;
  private final Map<String, Object> settings;
  private WebhookReceiver webhook;
  private TestPhoneNode.Line line;

  PlacingLine(String webhookSecret, String answer, Map<String, Object> settings) {
    this.webhookSecret = webhookSecret;
    this.answer = answer;
    this.settings = settings;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    webhook = WebhookReceiver.start(webhookSecret);
    Map<String, Object> all = new HashMap<>(settings);
    all.put("parley.outbound.allowed-networks", "127.0.0.0/8");
    all.put("parley.workflows.webhooks", webhook.setting(TestIdentity.DEFAULT_TENANT));
    all.put("parley.management.ops-token", OpsClient.TOKEN);
    line = TestPhoneNode.Line.start(answer, all);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (line != null) line.close();
    if (webhook != null) webhook.close();
  }

  TestPhoneNode.Line line() {
    return line;
  }

  WebhookReceiver webhook() {
    return webhook;
  }
}
