package io.parley.sessions.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.evaluation.CaseDocument;
import io.parley.core.evaluation.EvaluationCase;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.persistence.evaluation.JdbcEvaluations;
import io.parley.persistence.evaluation.StoredCase;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's test cases (docs/evaluations.md#cases): each document checked by {@link CaseDocument}
 * before it is stored, so every stored case can run. Blocking (JDBC).
 */
public record EvaluationCases(JdbcEvaluations store, ObjectMapper json, int maxCases, Clock clock) {
  /** The most cases one import brings in. */
  public static final int MAX_IMPORT = 200;

  /** A stored case, with its id and its document as its admin wrote it. */
  public record Saved(String caseId, String name, JsonNode document, Instant createdAt, Instant updatedAt) {}

  /** Stores a new case; refused as {@code bad_request} naming the field, or {@code conflict} past the tenant's number of cases. */
  public Saved create(String tenant, JsonNode document) {
    EvaluationCase checked = CaseDocument.read(document);
    return store(tenant, checked, document);
  }

  public List<Saved> list(String tenant) {
    return store.cases(tenant).stream().map(this::saved).toList();
  }

  public Optional<Saved> find(String tenant, String caseId) {
    return store.find(tenant, caseId).map(this::saved);
  }

  /** Replaces a case's document; empty when the tenant has no such case. */
  public Optional<Saved> replace(String tenant, String caseId, JsonNode document) {
    EvaluationCase checked = CaseDocument.read(document);
    return store.replace(tenant, caseId, checked.name(), text(json, document), clock.instant()) ? find(tenant, caseId)
        : Optional.empty();
  }

  public boolean delete(String tenant, String caseId) {
    return store.delete(tenant, caseId);
  }

  /**
   * Adds every case of {@code body} ({@code {"cases": [...]}}, as the export writes it), or none:
   * all are checked before any is stored, and a problem names the case by its index.
   */
  public List<Saved> importAll(String tenant, JsonNode body) {
    JsonNode cases = body.get("cases");
    if (cases == null || !cases.isArray()) throw bad("cases: a list of cases, as GET /v1/evaluations/cases/export writes it");
    if (cases.size() > MAX_IMPORT) throw bad("cases: at most " + MAX_IMPORT + " in one import");
    List<EvaluationCase> checked = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      try {
        checked.add(CaseDocument.read(cases.get(i)));
      } catch (Refusal refused) {
        throw bad("cases[" + i + "]." + refused.getMessage());
      }
    }
    if (store.cases(tenant).size() + checked.size() > maxCases) {
      throw Refusal.of(ErrorCode.CONFLICT, "the tenant may keep " + maxCases + " cases: delete some before importing these");
    }
    List<Saved> saved = new ArrayList<>();
    for (int i = 0; i < checked.size(); i++) saved.add(store(tenant, checked.get(i), cases.get(i)));
    return saved;
  }

  /** Every case as a document an import takes back. */
  public JsonNode export(String tenant) {
    var body = json.createObjectNode();
    var cases = body.putArray("cases");
    list(tenant).forEach(saved -> cases.add(saved.document()));
    return body;
  }

  /** The cases a run runs, parsed: {@code ids} in that order, or all of them; an id the tenant does not have is refused. */
  List<RunnableCase> runnable(String tenant, Optional<List<String>> ids) {
    List<StoredCase> all = store.cases(tenant);
    List<StoredCase> chosen = ids.map(wanted -> wanted.stream().map(id -> all.stream()
        .filter(c -> c.caseId().equals(id)).findFirst()
        .orElseThrow(() -> Refusal.of(ErrorCode.NOT_FOUND, "cases: the tenant has no case " + id))).toList()).orElse(all);
    return chosen.stream().map(c -> new RunnableCase(c.caseId(), CaseDocument.stored(tree(c.document())))).toList();
  }

  record RunnableCase(String caseId, EvaluationCase evaluationCase) {}

  private Saved store(String tenant, EvaluationCase checked, JsonNode document) {
    Instant now = clock.instant();
    StoredCase stored = new StoredCase(tenant, UUID.randomUUID().toString(), checked.name(), text(json, document), now, now);
    if (!store.create(stored, maxCases)) {
      throw Refusal.of(ErrorCode.CONFLICT, "the tenant keeps " + maxCases + " cases already, the most it may");
    }
    return saved(stored);
  }

  private Saved saved(StoredCase stored) {
    return new Saved(stored.caseId(), stored.name(), tree(stored.document()), stored.createdAt(), stored.updatedAt());
  }

  private JsonNode tree(String document) {
    try {
      return json.readTree(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a stored case is JSON", e);
    }
  }

  /** A case's or a run's document as the text the store keeps: what this node builds always serializes. */
  static String text(ObjectMapper json, Object document) {
    try {
      return json.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("an evaluation document always serializes", e);
    }
  }

  private static Refusal bad(String message) {
    return Refusal.of(ErrorCode.BAD_REQUEST, message);
  }
}
