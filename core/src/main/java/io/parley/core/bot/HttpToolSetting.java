package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;
import java.util.Optional;

/**
 * A tool on the tenant's own server ({@code httpTools}): what the model sees ({@code name},
 * {@code description}, the JSON schema of its {@code parameters}), where each call is POSTed, how
 * each call is bounded, whether a repeat is harmless, the secret that signs each request, and who
 * must approve a call before it runs ({@code approval}, docs/tools.md#approvals).
 * {@code parameters} is the schema's JSON text ({@link JsonText}). A tool {@code procedureOnly} is
 * never offered to the model: only a procedure's steps call it (docs/procedures.md).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record HttpToolSetting(String name, String description,
    @JsonSerialize(using = JsonText.Writer.class) @JsonDeserialize(using = JsonText.Reader.class) String parameters,
    String url, int timeoutMs, int maxAttempts, boolean idempotent, Optional<TenantSecret> secret,
    Optional<ToolApproval> approval, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean procedureOnly) {
  public HttpToolSetting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parameters, "parameters");
    secret = secret == null ? Optional.empty() : secret;
    approval = approval == null ? Optional.empty() : approval;
  }

  /** A tool the model may call itself. */
  public HttpToolSetting(String name, String description, String parameters, String url, int timeoutMs, int maxAttempts,
      boolean idempotent, Optional<TenantSecret> secret, Optional<ToolApproval> approval) {
    this(name, description, parameters, url, timeoutMs, maxAttempts, idempotent, secret, approval, false);
  }

  /** A tool that runs without anyone's approval. */
  public HttpToolSetting(String name, String description, String parameters, String url, int timeoutMs, int maxAttempts,
      boolean idempotent, Optional<TenantSecret> secret) {
    this(name, description, parameters, url, timeoutMs, maxAttempts, idempotent, secret, Optional.empty());
  }

  /** Who approves a call: nobody unless set. */
  public ToolApproval approver() {
    return approval.orElse(ToolApproval.NONE);
  }
}
