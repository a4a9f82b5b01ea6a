package io.parley.tools.kb;

/**
 * A chunk of a knowledge-base document as the index holds it.
 *
 * @param language the {@link SearchLanguages} language its document is analysed in
 * @param url its document's web address, empty when it has none
 */
record IndexedChunk(String documentId, int ordinal, String title, String heading, String source, String text,
    String language, float[] vector, String url) {
  IndexedChunk(String documentId, int ordinal, String title, String heading, String source, String text,
      String language, float[] vector) {
    this(documentId, ordinal, title, heading, source, text, language, vector, "");
  }

  /** This chunk analysed in {@code analysed} and with {@code embedded} as its vector. */
  IndexedChunk with(String analysed, float[] embedded) {
    return new IndexedChunk(documentId, ordinal, title, heading, source, text, analysed, embedded, url);
  }
}
