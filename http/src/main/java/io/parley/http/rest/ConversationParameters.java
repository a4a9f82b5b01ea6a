package io.parley.http.rest;

import io.parley.core.session.Channel;
import io.parley.core.session.MessageRules;
import io.parley.core.session.Refusal;
import io.parley.persistence.conversations.ConversationQuery;
import io.parley.persistence.conversations.ConversationStatus;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.persistence.conversations.ResolvedBy;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /v1/conversations}'s parameters; each bad one is refused with an
 * {@code IllegalArgumentException} that names it and says what it takes (a 400).
 */
final class ConversationParameters {
  private static final Set<String> KNOWN = Set.of("tenant", "from", "to", "channel", "status", "resolvedBy", "handoff",
      "rating", "leadMin", "leadMax", "tag", "userId", "sort", "limit", "cursor");
  private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0," + (JdbcConversations.MAX_TAG_LENGTH - 1) + "}");

  private ConversationParameters() {}

  static ConversationQuery query(String tenant, Map<String, String> parameters, ConversationCursor cursors) {
    parameters.keySet().stream().filter(name -> !KNOWN.contains(name)).findFirst().ifPresent(name -> {
      throw new IllegalArgumentException("unknown parameter '" + name + "'; known: " + KNOWN.stream().sorted().toList());
    });
    ConversationQuery query = new ConversationQuery(tenant,
        instant(parameters, "from"), instant(parameters, "to"),
        optional(parameters, "channel", ConversationParameters::channel),
        optional(parameters, "status", ConversationStatus::fromWireName),
        optional(parameters, "resolvedBy", ResolvedBy::fromWireName),
        optional(parameters, "handoff", raw -> choice("handoff", raw, ConversationQuery.Handoff.class)),
        number(parameters, "rating", 1, 5), number(parameters, "leadMin", 0, 100), number(parameters, "leadMax", 0, 100),
        optional(parameters, "tag", ConversationParameters::tag),
        optional(parameters, "userId", ConversationParameters::userId),
        optional(parameters, "sort", raw -> choice("sort", raw, ConversationQuery.Order.class))
            .orElse(ConversationQuery.Order.NEWEST),
        Optional.empty(),
        number(parameters, "limit", 1, ConversationQuery.MAX_LIMIT).orElse(ConversationQuery.DEFAULT_LIMIT));
    Optional<String> cursor = Optional.ofNullable(parameters.get("cursor"));
    return cursor.isPresent() ? query.after(cursors.position(query, cursor.get())) : query;
  }

  /** A tag as staff write it: lower case letters, digits, '-' and '_', at most 64. */
  static String tag(String raw) {
    if (!TAG.matcher(raw).matches()) {
      throw new IllegalArgumentException("tag must be 1 to " + JdbcConversations.MAX_TAG_LENGTH
          + " lower-case letters, digits, '-' or '_', beginning with a letter or digit");
    }
    return raw;
  }

  private static String userId(String raw) {
    try {
      return MessageRules.id("userId", raw);
    } catch (Refusal refused) {
      throw new IllegalArgumentException(refused.getMessage());
    }
  }

  private static <T> Optional<T> optional(Map<String, String> parameters, String name, Function<String, T> parse) {
    return Optional.ofNullable(parameters.get(name)).map(parse);
  }

  private static Optional<Instant> instant(Map<String, String> parameters, String name) {
    return optional(parameters, name, raw -> instant(name, raw));
  }

  static Instant instant(String name, String raw) {
    try {
      return Instant.parse(raw);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 instant like 2026-01-31T00:00:00Z, got '" + raw + "'");
    }
  }

  /** A channel's wire name, checked. */
  static String channel(String raw) {
    return Channel.fromWireName(raw).wireName();
  }

  private static Optional<Integer> number(Map<String, String> parameters, String name, int min, int max) {
    return optional(parameters, name, raw -> {
      try {
        int value = Integer.parseInt(raw);
        if (value >= min && value <= max) return value;
      } catch (NumberFormatException e) {
        // The message below says what is wanted.
      }
      throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
    });
  }

  private static <E extends Enum<E>> E choice(String name, String raw, Class<E> type) {
    for (E value : type.getEnumConstants()) {
      if (value.name().toLowerCase(Locale.ROOT).equals(raw)) return value;
    }
    throw new IllegalArgumentException(name + " must be one of "
        + java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()
        + ", got '" + raw + "'");
  }
}
