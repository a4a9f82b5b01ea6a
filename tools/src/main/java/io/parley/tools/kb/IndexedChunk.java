package io.parley.tools.kb;

/**
 * A chunk of a knowledge-base document as the index holds it.
 *
 * @param language the {@link SearchLanguages} language its document is analysed in
 */
record IndexedChunk(String documentId, int ordinal, String title, String heading, String source, String text,
    String language, float[] vector) {}
