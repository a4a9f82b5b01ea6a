package io.parley.http;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An SMTP server on loopback for a test class, registered as a static extension: its port is fixed
 * when the class loads, so a node built then can be given it, and the server is started before each
 * run of the class's tests (surefire's rerun of a failed one too) and stopped after.
 */
final class LoopbackMail implements BeforeAllCallback, AfterAllCallback {
  private final int port = LoopbackPorts.port();
  private GreenMail server;

  /** A node's settings that send its mail here, polling for replies often and retrying soon. */
  Map<String, Object> nodeSettings() {
    return Map.of("parley.smtp.host", "127.0.0.1", "parley.smtp.port", port,
        "parley.smtp.from", "support@acme.example", "parley.smtp.starttls", false,
        "parley.smtp.poll-every", "200ms", "parley.smtp.first-retry", "1s");
  }

  /** The server of the class's run under way. */
  GreenMail server() {
    if (server == null) throw new IllegalStateException("the mail server starts before the class's tests");
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.stop();
    server = null;
  }
}
