package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/**
 * What a tenant's bot may use, each bounded by the node's own limit, which it can lower but never
 * raise (docs/bot-config.md#limits-and-budgets): the context window its prompts and answers share
 * ({@code PARLEY_CONTEXT_TOKENS}), the model tokens of one session ({@code PARLEY_SESSION_TOKEN_BUDGET})
 * and of the tenant's UTC day ({@code PARLEY_TENANT_TOKENS_PER_DAY}, {@code PARLEY_TENANT_TOKEN_BUDGETS}),
 * the messages a minute of all its sessions in the cluster ({@code PARLEY_TENANT_MESSAGES_PER_MINUTE}) and
 * of one session ({@code PARLEY_SESSION_MESSAGES_PER_MINUTE}), and the mebibytes of files its
 * conversations may upload an hour on a node ({@code PARLEY_ATTACHMENT_BYTES_PER_HOUR_PER_TENANT}), and
 * its knowledge sources: how many ({@code PARLEY_KB_SOURCES_MAX_SOURCES_PER_TENANT}), the pages one holds
 * ({@code PARLEY_KB_SOURCES_MAX_PAGES_PER_SOURCE}) and the documents they hold together
 * ({@code PARLEY_KB_SOURCES_MAX_DOCUMENTS_PER_TENANT}). Each unset one is the node's.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record UsageLimits(Optional<Integer> contextTokens, Optional<Integer> sessionTokens,
    Optional<Integer> tokensPerDay, Optional<Integer> messagesPerMinute, Optional<Integer> sessionMessagesPerMinute,
    Optional<Integer> uploadMebibytesPerHour, Optional<Integer> knowledgeSources,
    Optional<Integer> knowledgePagesPerSource, Optional<Integer> knowledgeDocuments) {
  private static final long MEBIBYTE = 1024 * 1024;

  public UsageLimits {
    contextTokens = contextTokens == null ? Optional.empty() : contextTokens;
    sessionTokens = sessionTokens == null ? Optional.empty() : sessionTokens;
    tokensPerDay = tokensPerDay == null ? Optional.empty() : tokensPerDay;
    messagesPerMinute = messagesPerMinute == null ? Optional.empty() : messagesPerMinute;
    sessionMessagesPerMinute = sessionMessagesPerMinute == null ? Optional.empty() : sessionMessagesPerMinute;
    uploadMebibytesPerHour = uploadMebibytesPerHour == null ? Optional.empty() : uploadMebibytesPerHour;
    knowledgeSources = knowledgeSources == null ? Optional.empty() : knowledgeSources;
    knowledgePagesPerSource = knowledgePagesPerSource == null ? Optional.empty() : knowledgePagesPerSource;
    knowledgeDocuments = knowledgeDocuments == null ? Optional.empty() : knowledgeDocuments;
  }

  /** Limits without one of the files uploaded. */
  public UsageLimits(Optional<Integer> contextTokens, Optional<Integer> sessionTokens, Optional<Integer> tokensPerDay,
      Optional<Integer> messagesPerMinute, Optional<Integer> sessionMessagesPerMinute) {
    this(contextTokens, sessionTokens, tokensPerDay, messagesPerMinute, sessionMessagesPerMinute, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The bytes of files the tenant's conversations may upload an hour, when it set a limit. */
  public Optional<Long> uploadBytesPerHour() {
    return uploadMebibytesPerHour.map(mebibytes -> mebibytes * MEBIBYTE);
  }

  public static UsageLimits none() {
    return new UsageLimits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The context window of the tenant's turns on a node whose window is {@code nodeContextTokens}. */
  public int contextTokens(int nodeContextTokens) {
    return Math.min(contextTokens.orElse(nodeContextTokens), nodeContextTokens);
  }

  /** The model tokens one of the tenant's sessions may use, on a node that allows {@code nodeSessionTokens}. */
  public long sessionTokens(long nodeSessionTokens) {
    return Math.min(sessionTokens.map(Integer::longValue).orElse(nodeSessionTokens), nodeSessionTokens);
  }

  /** The messages a minute one of the tenant's sessions may send, on a node that allows {@code nodePerMinute}. */
  public int sessionMessagesPerMinute(int nodePerMinute) {
    return Math.min(sessionMessagesPerMinute.orElse(nodePerMinute), nodePerMinute);
  }

  /** The messages a minute of all the tenant's sessions where the operator's limit is {@code nodePerMinute} (0: none). */
  public int messagesPerMinute(int nodePerMinute) {
    return lower(messagesPerMinute.map(Integer::longValue), nodePerMinute).intValue();
  }

  /** The tenant's model tokens a UTC day, where the operator gives it {@code operatorPerDay} (0: no limit). */
  public long tokensPerDay(long operatorPerDay) {
    return lower(tokensPerDay.map(Integer::longValue), operatorPerDay);
  }

  /** The tenant's own limit where the operator's is 0 (none), else the lower of the two. */
  private static Long lower(Optional<Long> own, long operator) {
    if (operator == 0) return own.orElse(0L);
    return Math.min(own.orElse(operator), operator);
  }
}
