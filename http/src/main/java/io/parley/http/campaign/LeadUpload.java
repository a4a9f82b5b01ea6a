package io.parley.http.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.persistence.campaigns.LeadRow;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A campaign's leads as uploaded: a JSON array of {@code {"number", "name", "timeZone", "fields"}},
 * or CSV text whose header names the columns {@code number}, {@code timeZone} and optionally
 * {@code name}, every other column a field. Each lead is checked whole before any is kept: a bad
 * one refuses the upload, naming its row and what is wrong, and nothing is added.
 */
final class LeadUpload {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LEAD_FIELDS = Set.of("number", "name", "timeZone", "fields");
  private static final int MAX_NAME = 200;

  /** What a lead is checked with besides its form: its number reachable by the tenant's calls, its call's context. */
  interface LeadCheck {
    /** @throws IllegalArgumentException saying what is wrong */
    void check(LeadRow.New lead);
  }

  private LeadUpload() {}

  /** @throws IllegalArgumentException naming the lead and what is wrong */
  static List<LeadRow.New> ofJson(JsonNode leads, int max, LeadCheck check) {
    if (!leads.isArray()) throw new IllegalArgumentException("leads must be an array of {number, name, timeZone, fields}");
    if (leads.size() > max) throw new IllegalArgumentException("at most " + max + " leads, got " + leads.size());
    List<LeadRow.New> read = new ArrayList<>();
    for (int i = 0; i < leads.size(); i++) {
      JsonNode lead = leads.get(i);
      String where = "leads[" + i + "]";
      if (!lead.isObject()) throw new IllegalArgumentException(where + " must be an object");
      for (Iterator<String> names = lead.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!LEAD_FIELDS.contains(name)) {
          throw new IllegalArgumentException(where + ": unknown field \"" + name + "\"; the fields are " + LEAD_FIELDS);
        }
      }
      JsonNode fields = lead.path("fields");
      if (!fields.isMissingNode() && !fields.isObject()) throw new IllegalArgumentException(where + ".fields must be an object");
      read.add(lead(where, lead.path("number").asText(""), text(lead.path("name")), lead.path("timeZone").asText(""),
          fields.isObject() ? (ObjectNode) fields : JSON.createObjectNode(), check));
    }
    return read;
  }

  /** @throws IllegalArgumentException naming the line and what is wrong */
  static List<LeadRow.New> ofCsv(String text, int max, LeadCheck check) {
    List<List<String>> rows = CsvRows.of(text);
    if (rows.isEmpty()) throw new IllegalArgumentException("the CSV is empty: its first line names the columns");
    List<String> header = rows.get(0).stream().map(String::strip).toList();
    int number = header.indexOf("number");
    int zone = header.indexOf("timeZone");
    int name = header.indexOf("name");
    if (number < 0 || zone < 0) {
      throw new IllegalArgumentException("the CSV's first line must name the columns number and timeZone; it names "
          + header);
    }
    if (rows.size() - 1 > max) throw new IllegalArgumentException("at most " + max + " leads, got " + (rows.size() - 1));
    List<LeadRow.New> read = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      String where = "line " + (r + 1);
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(where + " has " + row.size() + " columns; the header names " + header.size());
      }
      ObjectNode fields = JSON.createObjectNode();
      for (int c = 0; c < header.size(); c++) {
        if (c != number && c != zone && c != name && !row.get(c).isBlank()) fields.put(header.get(c), row.get(c).strip());
      }
      read.add(lead(where, row.get(number), name < 0 || row.get(name).isBlank() ? Optional.empty()
          : Optional.of(row.get(name).strip()), row.get(zone), fields, check));
    }
    return read;
  }

  private static LeadRow.New lead(String where, String number, Optional<String> name, String timeZone,
      ObjectNode fields, LeadCheck check) {
    if (number.isBlank()) throw new IllegalArgumentException(where + ": number is required");
    if (name.filter(n -> n.length() > MAX_NAME).isPresent()) {
      throw new IllegalArgumentException(where + ": name is longer than " + MAX_NAME + " characters");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(where + ": timeZone must be an IANA time zone such as Europe/Berlin, got \""
          + timeZone + "\"");
    }
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      if (!field.getValue().isValueNode()) {
        throw new IllegalArgumentException(where + ": field " + field.getKey() + " must be a string, number or boolean");
      }
    }
    LeadRow.New lead = new LeadRow.New(number.strip(), name, zone, fields.toString());
    try {
      check.check(lead);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    return lead;
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText().strip()) : Optional.empty();
  }
}
