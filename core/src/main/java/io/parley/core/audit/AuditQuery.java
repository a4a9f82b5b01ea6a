package io.parley.core.audit;

import io.parley.core.session.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A page of a tenant's audit log, newest first: at most {@code limit} entries with ids below
 * {@code beforeId} (from the cursor the previous page gave as {@code next}), of one action or all.
 * The cursor is opaque to clients: a page is asked for with what the last one said.
 */
public record AuditQuery(String tenant, Optional<Long> beforeId, Optional<String> action, int limit) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
  private static final String CURSOR_PREFIX = "before:";

  public AuditQuery {
    SessionId.requireTenant(tenant);
    if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
  }

  /**
   * The query of a request's parameters ({@code ?limit=&before=&action=}); throws
   * {@code IllegalArgumentException} saying what is wrong with one.
   */
  public static AuditQuery parse(String tenant, Optional<String> limit, Optional<String> before, Optional<String> action) {
    int size;
    try {
      size = limit.map(Integer::parseInt).orElse(DEFAULT_LIMIT);
    } catch (NumberFormatException e) {
      size = 0;
    }
    if (size < 1 || size > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + limit.orElse("") + "'");
    }
    if (action.isPresent() && !ACTION.matcher(action.get()).matches()) {
      throw new IllegalArgumentException("action must be an action's name, like kb.document.create");
    }
    return new AuditQuery(tenant, before.map(AuditQuery::decodeCursor), action, size);
  }

  /** The cursor of the page after the entry {@code id}. */
  public static String cursorAfter(long id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + id).getBytes(StandardCharsets.UTF_8));
  }

  private static long decodeCursor(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(CURSOR_PREFIX)) {
        long id = Long.parseLong(text.substring(CURSOR_PREFIX.length()));
        if (id > 0) return id;
      }
    } catch (IllegalArgumentException e) {
      // NumberFormatException is one too: all of them mean the same to the client, below.
    }
    throw new IllegalArgumentException("before must be the next cursor of an earlier page");
  }
}
