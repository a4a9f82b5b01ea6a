package io.parley.http.rest.conversation;

import io.parley.persistence.conversations.ConversationQuery;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque cursor of a conversations page: where the page ended, bound to the tenant and to the
 * query's filters and order, and signed with the cluster's key (HMAC-SHA256). A cursor that was
 * altered, made up, or given for another tenant or other filters is refused.
 */
final class ConversationCursor {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private final byte[] key;

  ConversationCursor(byte[] key) {
    this.key = key.clone();
  }

  String of(ConversationQuery query, ConversationQuery.Position position) {
    String body = query.tenant() + "|" + filters(query) + "|" + position.startedAt().toEpochMilli() + "|"
        + position.score() + "|" + position.sessionId();
    return ENCODER.encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(sign(body));
  }

  /** The position {@code cursor} names for {@code query}; throws {@code IllegalArgumentException} if it is not one of its. */
  ConversationQuery.Position position(ConversationQuery query, String cursor) {
    Optional<String[]> parts = verified(cursor).map(body -> body.split("\\|", -1)).filter(fields -> fields.length == 5);
    if (parts.isEmpty() || !parts.get()[0].equals(query.tenant()) || !parts.get()[1].equals(filters(query))) {
      throw new IllegalArgumentException("cursor must be the next cursor of an earlier page of the same query");
    }
    try {
      return new ConversationQuery.Position(Instant.ofEpochMilli(Long.parseLong(parts.get()[2])), parts.get()[4],
          Integer.parseInt(parts.get()[3]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cursor must be the next cursor of an earlier page of the same query");
    }
  }

  private Optional<String> verified(String cursor) {
    int dot = cursor.indexOf('.');
    if (dot < 0) return Optional.empty();
    try {
      String body = new String(Base64.getUrlDecoder().decode(cursor.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] signature = Base64.getUrlDecoder().decode(cursor.substring(dot + 1));
      return MessageDigest.isEqual(sign(body), signature) ? Optional.of(body) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** What the page's filters and order are (a record's text is the same on every node), so a cursor only continues the listing it came from. */
  private static String filters(ConversationQuery query) {
    String text = query.after(new ConversationQuery.Position(Instant.EPOCH, "")).toString();
    try {
      return ENCODER.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private byte[] sign(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
