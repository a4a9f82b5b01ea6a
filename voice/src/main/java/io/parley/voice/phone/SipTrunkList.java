package io.parley.voice.phone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.config.JsonEntryList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the trunks an operator lists as JSON: {@code [{"name":"carrier","sources":["203.0.113.5"],
 * "username":"parley","passwordFile":"/run/secrets/carrier"}]}, with the password given inline
 * ({@code password}) or in a file (its content, trimmed), and {@code sources} optional. Problems are
 * reported per entry and never quote a password.
 */
final class SipTrunkList {
  /** The accepted form, for error messages. */
  public static final String EXPECTED_FORM = "a JSON array of {\"name\",\"sources\",\"username\",\"password\" or "
      + "\"passwordFile\"} objects, sources optional, e.g. [{\"name\":\"carrier\",\"sources\":[\"203.0.113.5\"],"
      + "\"username\":\"parley\",\"passwordFile\":\"/run/secrets/carrier\"}]";

  private static final List<String> FIELDS = List.of("name", "sources", "username", "password", "passwordFile");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private SipTrunkList() {}

  /** @throws IllegalArgumentException saying what is wrong, and in which entry (counted from 1) */
  static List<SipTrunk> parse(String json) {
    return JsonEntryList.parse(json, FIELDS, SipTrunkList::entry, SipTrunk::name);
  }

  private static SipTrunk entry(JsonEntryList.Entry entry) {
    String name = entry.requiredString("name");
    if (!NAME.matcher(name).matches()) throw entry.problem("name must be 1-64 letters, digits, '.', '_' or '-'");
    Set<String> sources = new LinkedHashSet<>();
    JsonNode listed = entry.path("sources");
    if (!listed.isMissingNode()) {
      if (!listed.isArray()) throw entry.problem("sources must be an array of addresses, got " + JsonEntryList.describe(listed));
      for (JsonNode source : listed) {
        if (!source.isTextual() || source.asText().isBlank()) {
          throw entry.problem("sources must hold addresses as strings, got " + JsonEntryList.describe(source));
        }
        sources.add(source.asText().strip());
      }
    }
    return new SipTrunk(name, sources, entry.requiredString("username"), password(entry));
  }

  private static String password(JsonEntryList.Entry entry) {
    boolean inline = !entry.path("password").isMissingNode();
    boolean file = !entry.path("passwordFile").isMissingNode();
    if (inline == file) throw entry.problem("give password or passwordFile, one of them");
    if (inline) return entry.requiredString("password");
    String path = entry.requiredString("passwordFile");
    try {
      String password = Files.readString(Path.of(path)).strip();
      if (password.isEmpty()) throw entry.problem("passwordFile " + path + " is empty");
      return password;
    } catch (IOException | InvalidPathException e) {
      throw entry.problem("passwordFile " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
