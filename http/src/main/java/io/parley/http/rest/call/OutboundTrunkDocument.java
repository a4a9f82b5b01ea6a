package io.parley.http.rest.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.bot.TenantSecret;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.persistence.calls.OutboundTrunkRow;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tenant's outbound trunk as {@code PUT /v1/calls/trunk} takes it and {@code GET} shows it:
 * {@code host} and {@code port} (5060 when left out) of the registrar or proxy, {@code username} and
 * {@code password} of the digest login it challenges for, {@code callerId}. The host must pass the
 * outbound policy when it is saved. The password is write-only, as a bot configuration's secrets:
 * sealed under the tenant's key, shown as {@code {"set": true}}, kept when left out (or sent back as
 * read) while the host stays the same, removed by {@code null}; a new host needs it given again.
 */
final class OutboundTrunkDocument {
  private static final List<String> FIELDS = List.of("host", "port", "username", "password", "callerId");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}");

  private OutboundTrunkDocument() {}

  /** What {@code GET} shows: never the password. */
  record TrunkJson(String host, int port, Optional<String> username, Map<String, Boolean> password, String callerId,
      Instant updatedAt) {
    static TrunkJson of(OutboundTrunkRow row) {
      return new TrunkJson(row.host(), row.port(), row.username(), Map.of("set", row.passwordSealed().isPresent()),
          row.callerId(), row.updatedAt());
    }
  }

  /** @throws IllegalArgumentException saying what is wrong, never quoting a password */
  static OutboundTrunkRow read(String tenant, JsonNode body, Optional<OutboundTrunkRow> before,
      OutboundAddressPolicy policy, TenantSecrets secrets, Instant now) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field \"" + name + "\"; the fields are " + String.join(", ", FIELDS));
      }
    }
    JsonNode hostField = body.path("host");
    if (!hostField.isTextual() || !HOST.matcher(hostField.asText().strip()).matches()) {
      throw new IllegalArgumentException("host is required: the trunk's registrar or proxy, a host name or IPv4 address");
    }
    String host = hostField.asText().strip().toLowerCase(Locale.ROOT);
    policy.refusalOfHost(host).ifPresent(refusal -> {
      throw new IllegalArgumentException("host: the node does not call " + host + " (" + refusal + "); the operator"
          + " allows networks with " + OutboundAddressPolicy.SETTING);
    });
    JsonNode portField = body.path("port");
    int port = 5060;
    if (!portField.isMissingNode() && !portField.isNull()) {
      if (!portField.isIntegralNumber() || portField.asInt() < 1 || portField.asInt() > 65535) {
        throw new IllegalArgumentException("port must be a number from 1 to 65535");
      }
      port = portField.asInt();
    }
    JsonNode callerField = body.path("callerId");
    if (!callerField.isTextual()) throw new IllegalArgumentException("callerId is required: " + CallerIds.EXPECTED);
    String callerId = CallerIds.checked("callerId", callerField.asText());
    Optional<String> username = optionalText(body, "username", 255);
    return new OutboundTrunkRow(tenant, host, port, username, password(tenant, body, host, before, secrets), callerId, now);
  }

  private static Optional<String> password(String tenant, JsonNode body, String host, Optional<OutboundTrunkRow> before,
      TenantSecrets secrets) {
    JsonNode password = body.path("password");
    boolean keep = password.isMissingNode() || (password.isObject() && password.path("set").asBoolean(false));
    if (keep) {
      if (before.isPresent() && !before.get().host().equals(host) && before.get().passwordSealed().isPresent()) {
        throw new IllegalArgumentException("password: the host changed, so give the password again (or null for none)");
      }
      return before.filter(trunk -> trunk.host().equals(host)).flatMap(OutboundTrunkRow::passwordSealed);
    }
    if (password.isNull()) return Optional.empty();
    if (!password.isTextual() || password.asText().isEmpty() || password.asText().length() > 255) {
      throw new IllegalArgumentException("password must be a string of 1 to 255 characters, {\"set\": true} to keep it,"
          + " or null for none");
    }
    return Optional.of(secrets.sealText(tenant, password.asText()).sealed());
  }

  /** The trunk's password, opened for the INVITE's challenge. */
  static Optional<String> openPassword(OutboundTrunkRow trunk, TenantSecrets secrets) {
    return trunk.passwordSealed().map(sealed -> secrets.openText(trunk.tenant(), new TenantSecret(sealed)));
  }

  private static Optional<String> optionalText(JsonNode body, String field, int max) {
    JsonNode value = body.path(field);
    if (value.isMissingNode() || value.isNull()) return Optional.empty();
    if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > max) {
      throw new IllegalArgumentException(field + " must be a string of 1 to " + max + " characters");
    }
    return Optional.of(value.asText().strip());
  }
}
