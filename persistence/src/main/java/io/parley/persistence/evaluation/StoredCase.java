package io.parley.persistence.evaluation;

import java.time.Instant;

/** A tenant's test case as stored: its id, name and JSON document (docs/evaluations.md#cases). */
public record StoredCase(String tenant, String caseId, String name, String document, Instant createdAt, Instant updatedAt) {}
