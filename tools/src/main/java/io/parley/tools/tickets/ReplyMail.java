package io.parley.tools.tickets;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

/**
 * Sends one reply by SMTP (Jakarta Mail, Angus): plain text in UTF-8, the conversation's transcript
 * attached as {@code conversation.txt} when the customer asked for it. Blocks; thread-safe.
 */
public final class ReplyMail {
  private final MailSettings settings;
  private final Session session;

  public ReplyMail(MailSettings settings) {
    this.settings = settings;
    Properties properties = new Properties();
    properties.put("mail.smtp.host", settings.host());
    properties.put("mail.smtp.port", String.valueOf(settings.port()));
    properties.put("mail.smtp.auth", String.valueOf(settings.username().isPresent()));
    properties.put("mail.smtp.starttls.enable", String.valueOf(settings.starttls()));
    properties.put("mail.smtp.starttls.required", String.valueOf(settings.starttls()));
    String millis = String.valueOf(settings.timeout().toMillis());
    properties.put("mail.smtp.connectiontimeout", millis);
    properties.put("mail.smtp.timeout", millis);
    properties.put("mail.smtp.writetimeout", millis);
    this.session = Session.getInstance(properties, settings.username().map(user -> new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(user, settings.password().orElseThrow());
      }
    }).orElse(null));
  }

  /** Sends {@code body} to {@code to}; a failure is a {@link MessagingException}, its message fit for the ticket. */
  public void send(String to, String subject, String body, Optional<String> transcript) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(settings.from()));
    message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
    message.setSubject(subject, StandardCharsets.UTF_8.name());
    if (transcript.isEmpty()) {
      message.setText(body, StandardCharsets.UTF_8.name());
    } else {
      MimeBodyPart text = new MimeBodyPart();
      text.setText(body, StandardCharsets.UTF_8.name());
      MimeBodyPart attached = new MimeBodyPart();
      attached.setText(transcript.get(), StandardCharsets.UTF_8.name());
      attached.setFileName("conversation.txt");
      message.setContent(new MimeMultipart(text, attached));
    }
    Transport.send(message);
  }
}
