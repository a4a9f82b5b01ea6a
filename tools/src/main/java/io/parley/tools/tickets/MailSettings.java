package io.parley.tools.tickets;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.handoff.ContactEmail;
import java.time.Duration;
import java.util.Optional;

/**
 * The SMTP server a node sends ticket replies through ({@code parley.smtp}, {@code PARLEY_SMTP_*}):
 * no host, no email (replies reach customers in the conversation only, and the widget says so).
 * {@code starttls} requires STARTTLS before credentials go over the connection. {@code retryFor}
 * is how long a failing send is retried, with backoff from {@code firstRetry}, before the reply
 * shows as failed in its ticket.
 */
public record MailSettings(String host, int port, Optional<String> username, Optional<String> password, String from,
    boolean starttls, Duration timeout, Duration firstRetry, Duration retryFor, Duration pollEvery) {

  public MailSettings {
    if (port < 1 || port > 65_535) throw new InvalidSettingException("PARLEY_SMTP_PORT must be 1 to 65535, got " + port);
    if (ContactEmail.parse(from).isEmpty()) {
      throw new InvalidSettingException("PARLEY_SMTP_FROM must be an address like support@example.com, got '" + from + "'");
    }
    if (username.isPresent() != password.isPresent()) {
      throw new InvalidSettingException("PARLEY_SMTP_USERNAME and PARLEY_SMTP_PASSWORD are set together, or neither");
    }
  }

  /** Empty when {@code parley.smtp.host} is blank: the node sends no email. */
  public static Optional<MailSettings> from(Config config) {
    Config smtp = config.getConfig("parley.smtp");
    String host = smtp.getString("host").strip();
    if (host.isEmpty()) return Optional.empty();
    return Optional.of(new MailSettings(host, smtp.getInt("port"), nonBlank(smtp.getString("username")),
        nonBlank(smtp.getString("password")), smtp.getString("from").strip(), smtp.getBoolean("starttls"),
        smtp.getDuration("timeout"), smtp.getDuration("first-retry"), smtp.getDuration("retry-for"),
        smtp.getDuration("poll-every")));
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.of(value.strip()).filter(text -> !text.isEmpty());
  }
}
