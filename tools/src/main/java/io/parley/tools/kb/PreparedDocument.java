package io.parley.tools.kb;

import io.parley.core.language.LanguageTag;
import java.util.List;

/** A document's chunks, their embeddings and its language, computed before the transaction that stores them. */
record PreparedDocument(List<Chunk> chunks, List<byte[]> vectors, LanguageTag language) {}
