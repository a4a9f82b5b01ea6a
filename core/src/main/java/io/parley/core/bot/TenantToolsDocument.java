package io.parley.core.bot;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.net.UrlHost;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads the tenant's own tools of a bot configuration document, {@code httpTools} and
 * {@code mcpServers} (docs/tools.md#a-tenants-own-tools), each problem named by its entry and field
 * ({@code httpTools[1].url: ...}). What needs the network or the schema validator (the addresses a
 * URL resolves to, a schema against its meta-schema, the tools an MCP server lists) is checked
 * after this, where the document is saved.
 *
 * <p>Secrets are write-only: a secret given as text is sealed at once; a secret left out, or given
 * as {@code {"set": true}} (how a read shows it), is the secret of the entry of the same name in the
 * configuration this one replaces, as long as its URL (and for OAuth its token URL and client) did
 * not change: a secret never follows an entry to another server. {@code null} removes one.
 */
record TenantToolsDocument(SecretKeeping secrets, List<String> problems) {
  static final int MAX_HTTP_TOOLS = 20;
  static final int MAX_MCP_SERVERS = 10;
  static final int MAX_MCP_TOOLS = 50;
  static final int MAX_DESCRIPTION = 1_000;
  static final int MAX_URL = 2_000;
  static final int MAX_SECRET = 4_000;
  static final int MIN_TIMEOUT_MS = 100;
  static final int MAX_TIMEOUT_MS = 60_000;
  static final int DEFAULT_TIMEOUT_MS = 5_000;
  static final int DEFAULT_MAX_ATTEMPTS = 3;
  static final int MAX_ATTEMPTS = 10;
  /** OpenAI's rule for a function's name. */
  static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** Short, as it prefixes each of its tools' names, and without '_', which separates it from them. */
  static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9-]{1,24}");
  static final String URL_EXPECTED = "an http:// or https:// URL with a host, without a user name, password or fragment";

  private static final List<String> HTTP_TOOL_FIELDS =
      List.of("name", "description", "parameters", "url", "timeoutMs", "maxAttempts", "idempotent", "secret",
          "approval", "procedureOnly");
  private static final List<String> SERVER_FIELDS = List.of("name", "url", "auth", "tools", "approval");
  private static final List<String> CHOICE_FIELDS = List.of("name", "description", "timeoutMs", "approval", "procedureOnly");

  List<HttpToolSetting> httpTools(JsonNode document, Set<String> nodeTools) {
    Set<String> names = new HashSet<>();
    return each(document, "httpTools", MAX_HTTP_TOOLS, HTTP_TOOL_FIELDS, (at, entry) -> {
      Optional<String> name = name(entry, at, 64, TOOL_NAME, "A-Z, a-z, 0-9, _ and -", names::add);
      name.filter(nodeTools::contains).ifPresent(n -> problems.add(at + ".name: " + n
          + " is the name of one of the node's tools (" + String.join(", ", nodeTools.stream().sorted().toList()) + ")"));
      Optional<String> description = requiredText(entry, "description", MAX_DESCRIPTION, at);
      JsonNode parameters = entry.path("parameters");
      if (!parameters.isObject() || !"object".equals(parameters.path("type").asText())) {
        problems.add(at + ".parameters: must be the JSON schema of the arguments, an object schema such as "
            + "{\"type\": \"object\", \"properties\": {...}}");
      }
      Optional<String> url = url(entry, at);
      int timeout = whole(entry, "timeoutMs", DEFAULT_TIMEOUT_MS, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, at);
      int attempts = whole(entry, "maxAttempts", DEFAULT_MAX_ATTEMPTS, 1, MAX_ATTEMPTS, at);
      boolean idempotent = flag(entry, "idempotent", at);
      Optional<ToolApproval> approval = approval(entry, at);
      List<HttpToolSetting> before = secrets.replaced().stream().flatMap(config -> config.httpTools().stream())
          .filter(tool -> name.isPresent() && tool.name().equals(name.get())).toList();
      Optional<TenantSecret> secret = secret(entry, "secret", at + ".secret", false,
          before.stream().filter(tool -> url.isPresent() && tool.url().equals(url.get())).findFirst()
              .flatMap(HttpToolSetting::secret),
          before.stream().anyMatch(tool -> tool.secret().isPresent()));
      if (name.isEmpty() || description.isEmpty() || url.isEmpty() || !parameters.isObject()) return Optional.empty();
      return Optional.of(new HttpToolSetting(name.get(), description.get(), parameters.toString(), url.get(), timeout,
          attempts, idempotent, secret, approval, flag(entry, "procedureOnly", at)));
    });
  }

  List<McpServerSetting> mcpServers(JsonNode document) {
    Set<String> names = new HashSet<>();
    return each(document, "mcpServers", MAX_MCP_SERVERS, SERVER_FIELDS, (at, entry) -> {
      Optional<String> name = name(entry, at, 24, SERVER_NAME, "A-Z, a-z, 0-9 and -",
          n -> names.add(n.toLowerCase(Locale.ROOT)));
      Optional<String> url = url(entry, at);
      List<McpServerSetting> before = secrets.replaced().stream().flatMap(config -> config.mcpServers().stream())
          .filter(server -> name.isPresent() && server.name().equals(name.get())).toList();
      Optional<McpServerSetting> sameServer = before.stream()
          .filter(server -> url.isPresent() && server.url().equals(url.get())).findFirst();
      Optional<McpAuth> auth = auth(entry, at, sameServer.flatMap(McpServerSetting::auth),
          before.stream().anyMatch(server -> server.auth().isPresent()));
      Optional<ToolApproval> approval = approval(entry, at);
      List<McpToolChoice> choices = choices(entry, at);
      if (name.isEmpty() || url.isEmpty()) return Optional.empty();
      // What the server listed is kept only while it is the same server; saving lists it again anyway.
      return Optional.of(new McpServerSetting(name.get(), url.get(), auth, choices,
          sameServer.map(McpServerSetting::listed).orElse(List.of()), approval));
    });
  }

  /** Each entry of the list {@code setting} that has only known fields, as {@code read} makes it when it can. */
  private <T> List<T> each(JsonNode document, String setting, int max, List<String> fields,
      BiFunction<String, JsonNode, Optional<T>> read) {
    List<JsonNode> entries = entries(document, setting, max);
    List<T> settings = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String at = setting + "[" + i + "]";
      JsonNode entry = entries.get(i);
      if (known(entry, at, fields)) read.apply(at, entry).ifPresent(settings::add);
    }
    return settings;
  }

  /**
   * {@code absent} keeps what the same server had ({@code kept}); a server whose URL changed must be
   * given its auth again ({@code hadOne}); {@code null} is none.
   */
  private Optional<McpAuth> auth(JsonNode entry, String at, Optional<McpAuth> kept, boolean hadOne) {
    JsonNode value = entry.get("auth");
    String field = at + ".auth";
    if (value == null) {
      if (kept.isEmpty() && hadOne) {
        problems.add(field + ": the url changed, so give the auth again (or null for none)");
      }
      return kept;
    }
    if (value.isNull()) return Optional.empty();
    String type = value.path("type").asText("");
    switch (type) {
      case "bearer" -> {
        if (!known(value, field, List.of("type", "token"))) return Optional.empty();
        Optional<TenantSecret> token = secret(value, "token", field + ".token", true,
            kept.filter(McpAuth.Bearer.class::isInstance).map(bearer -> ((McpAuth.Bearer) bearer).token()), false);
        return token.map(McpAuth.Bearer::new);
      }
      case "oauth" -> {
        if (!known(value, field, List.of("type", "tokenUrl", "clientId", "clientSecret", "scope"))) return Optional.empty();
        Optional<String> tokenUrl = url(value, "tokenUrl", field);
        Optional<String> clientId = requiredText(value, "clientId", 500, field);
        Optional<String> scope = optionalText(value, "scope", 1_000, field);
        Optional<TenantSecret> clientSecret = secret(value, "clientSecret", field + ".clientSecret", true,
            kept.filter(McpAuth.OAuth.class::isInstance).map(McpAuth.OAuth.class::cast)
                .filter(oauth -> tokenUrl.equals(Optional.of(oauth.tokenUrl())) && clientId.equals(Optional.of(oauth.clientId())))
                .map(McpAuth.OAuth::clientSecret), false);
        if (tokenUrl.isEmpty() || clientId.isEmpty() || clientSecret.isEmpty()) return Optional.empty();
        return Optional.of(new McpAuth.OAuth(tokenUrl.get(), clientId.get(), clientSecret.get(), scope));
      }
      default -> {
        problems.add(field + ": must be {\"type\": \"bearer\", \"token\"} or {\"type\": \"oauth\", \"tokenUrl\","
            + " \"clientId\", \"clientSecret\", \"scope\"?}, or null for none");
        return Optional.empty();
      }
    }
  }

  /** The allow-list: {@code [{"name", "description"?, "timeoutMs"?}]}, each name once; unset, every tool. */
  private List<McpToolChoice> choices(JsonNode entry, String at) {
    JsonNode value = entry.get("tools");
    if (value == null || value.isNull()) return List.of();
    if (!value.isArray() || value.isEmpty() || value.size() > MAX_MCP_TOOLS) {
      problems.add(at + ".tools: must be a list of 1 to " + MAX_MCP_TOOLS + " {\"name\", \"description\"?, \"timeoutMs\"?, \"approval\"?, \"procedureOnly\"?}"
          + " (leave it out for every tool the server lists)");
      return List.of();
    }
    List<McpToolChoice> choices = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < value.size(); i++) {
      String field = at + ".tools[" + i + "]";
      JsonNode choice = value.get(i);
      if (!known(choice, field, CHOICE_FIELDS)) continue;
      Optional<String> name = requiredText(choice, "name", 128, field);
      name.filter(n -> !names.add(n)).ifPresent(n -> problems.add(field + ".name: " + n + " is named twice"));
      Optional<String> description = optionalText(choice, "description", MAX_DESCRIPTION, field);
      Optional<Integer> timeout = choice.hasNonNull("timeoutMs")
          ? Optional.of(whole(choice, "timeoutMs", DEFAULT_TIMEOUT_MS, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, field))
          : Optional.empty();
      Optional<ToolApproval> approval = approval(choice, field);
      boolean procedureOnly = flag(choice, "procedureOnly", field);
      name.ifPresent(n -> choices.add(new McpToolChoice(n, description, timeout, approval, procedureOnly)));
    }
    return choices;
  }

  /**
   * A secret field: text is sealed; left out or {@code {"set": true}} is {@code kept}; a field the
   * entry needs ({@code required}) and cannot keep is a problem, and so is a secret the entry had
   * at another URL ({@code hadOne}); {@code null} is none where none is allowed.
   */
  private Optional<TenantSecret> secret(JsonNode entry, String name, String field, boolean required,
      Optional<TenantSecret> kept, boolean hadOne) {
    JsonNode value = entry.get(name);
    boolean keep = value == null || value.isObject() && value.size() == 1 && value.path("set").asBoolean(false);
    if (keep) {
      if (kept.isEmpty() && hadOne) {
        problems.add(field + ": the url changed, so give the secret again" + (required ? "" : " (or null for none)"));
      } else if (kept.isEmpty() && required) {
        problems.add(field + ": required");
      }
      return kept;
    }
    if (value.isNull() && !required) return Optional.empty();
    if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > MAX_SECRET) {
      problems.add(field + ": must be a non-empty string of at most " + MAX_SECRET + " characters"
          + (required ? "" : ", or null for none"));
      return Optional.empty();
    }
    try {
      return Optional.of(secrets.seal().apply(value.asText()));
    } catch (UnsupportedOperationException e) {
      problems.add(field + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** An entry's name, checked against {@code form}; {@code first} is false for a name seen before. */
  private Optional<String> name(JsonNode entry, String at, int max, Pattern form, String allowed,
      Predicate<String> first) {
    Optional<String> name = requiredText(entry, "name", max, at);
    name.filter(n -> !form.matcher(n).matches())
        .ifPresent(n -> problems.add(at + ".name: must be 1 to " + max + " of " + allowed + ", got " + n));
    name.filter(n -> !first.test(n)).ifPresent(n -> problems.add(at + ".name: " + n + " is named twice"));
    return name;
  }

  private List<JsonNode> entries(JsonNode document, String setting, int max) {
    JsonNode value = document.get(setting);
    if (value == null || value.isNull()) return List.of();
    if (!value.isArray()) {
      problems.add(setting + ": must be a list");
      return List.of();
    }
    if (value.size() > max) problems.add(setting + ": at most " + max);
    List<JsonNode> entries = new ArrayList<>();
    value.forEach(entries::add);
    return entries;
  }

  /** Whether {@code entry} is an object of known fields only; each other field is a problem. */
  private boolean known(JsonNode entry, String at, List<String> fields) {
    if (!entry.isObject()) {
      problems.add(at + ": must be an object of " + String.join(", ", fields));
      return false;
    }
    entry.fieldNames().forEachRemaining(field -> {
      if (!fields.contains(field)) problems.add(at + "." + field + ": not a field (known: " + String.join(", ", fields) + ")");
    });
    return true;
  }

  private Optional<String> requiredText(JsonNode entry, String field, int max, String at) {
    Optional<String> text = optionalText(entry, field, max, at);
    if (text.isEmpty() && !entry.hasNonNull(field)) problems.add(at + "." + field + ": required");
    return text;
  }

  private Optional<String> optionalText(JsonNode entry, String field, int max, String at) {
    JsonNode value = entry.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    String text = value.isTextual() ? value.asText().strip() : "";
    if (text.isEmpty() || text.length() > max) {
      problems.add(at + "." + field + ": must be a non-empty string of at most " + max + " characters");
      return Optional.empty();
    }
    return Optional.of(text);
  }

  private Optional<String> url(JsonNode entry, String at) {
    return url(entry, "url", at);
  }

  private Optional<String> url(JsonNode entry, String field, String at) {
    Optional<String> url = requiredText(entry, field, MAX_URL, at);
    if (url.isPresent() && !isUrl(url.get())) {
      problems.add(at + "." + field + ": must be " + URL_EXPECTED + ", got " + url.get());
      return Optional.empty();
    }
    return url;
  }

  static boolean isUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && UrlHost.hasHost(uri) && uri.getRawUserInfo() == null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private int whole(JsonNode entry, String field, int fallback, int min, int max, String at) {
    JsonNode value = entry.get(field);
    if (value == null || value.isNull()) return fallback;
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
      problems.add(at + "." + field + ": must be a whole number from " + min + " to " + max + ", got " + value);
      return fallback;
    }
    return value.intValue();
  }

  /** {@code "approval"}: who approves a call before it runs (docs/tools.md#approvals); absent, as the default. */
  private Optional<ToolApproval> approval(JsonNode entry, String at) {
    JsonNode value = entry.get("approval");
    if (value == null || value.isNull()) return Optional.empty();
    Optional<ToolApproval> approval = value.isTextual() ? ToolApproval.of(value.asText()) : Optional.empty();
    if (approval.isEmpty()) problems.add(at + ".approval: must be " + ToolApproval.EXPECTED + ", got " + value);
    return approval;
  }

  private boolean flag(JsonNode entry, String field, String at) {
    JsonNode value = entry.get(field);
    if (value == null || value.isNull()) return false;
    if (!value.isBoolean()) problems.add(at + "." + field + ": must be true or false");
    return value.asBoolean(false);
  }
}
