package io.parley.tools.kb;

import io.parley.core.language.LanguageDetection;
import io.parley.core.language.LanguageTag;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The documents of a tenant stored before documents had a language (an empty {@link
 * IndexedChunk#language()}), and the language their text shows: the index being built
 * analyses their chunks in it, and it is stored with each document (only where none is yet, so
 * nodes building at once agree). A document whose text does not tell is indexed in English and
 * stays without a language until an index is built again; one read before detection had loaded,
 * likewise, and the knowledge base builds the index again once it has.
 */
final class UndetectedDocuments {
  private final Map<String, Optional<LanguageTag>> detected;

  private UndetectedDocuments(Map<String, Optional<LanguageTag>> detected) {
    this.detected = detected;
  }

  static UndetectedDocuments among(List<IndexedChunk> chunks, LanguageDetection detection) {
    Map<String, List<IndexedChunk>> byDocument = new LinkedHashMap<>();
    for (IndexedChunk chunk : chunks) {
      if (chunk.language().isEmpty()) byDocument.computeIfAbsent(chunk.documentId(), id -> new ArrayList<>()).add(chunk);
    }
    Map<String, Optional<LanguageTag>> detected = new LinkedHashMap<>();
    byDocument.forEach((id, its) -> detected.put(id, DocumentLanguage.detected(its.get(0).title(),
        its.stream().map(IndexedChunk::text).toList(), detection, Optional.empty())));
    return new UndetectedDocuments(detected);
  }

  /** Whether every document had a language already. */
  boolean isEmpty() {
    return detected.isEmpty();
  }

  /** The BCP 47 tag {@code chunk}'s document is written in, when it is known. */
  Optional<String> languageOf(IndexedChunk chunk) {
    if (!chunk.language().isEmpty()) return Optional.of(chunk.language());
    return detected.getOrDefault(chunk.documentId(), Optional.empty()).map(LanguageTag::tag);
  }

  /** Stores the languages detected with their documents. */
  void store(DataSource dataSource, String tenant) {
    if (detected.values().stream().noneMatch(Optional::isPresent)) return;
    Transactions.write(dataSource, "store the detected languages of documents of tenant " + tenant, connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE kb_document SET language = ? WHERE tenant = ? AND id = ? AND language IS NULL")) {
        for (Map.Entry<String, Optional<LanguageTag>> document : detected.entrySet()) {
          if (document.getValue().isEmpty()) continue;
          update.setString(1, document.getValue().get().tag());
          update.setString(2, tenant);
          update.setString(3, document.getKey());
          update.addBatch();
        }
        update.executeBatch();
      }
      return true;
    });
  }
}
