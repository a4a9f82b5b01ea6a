package io.parley.tools.kb;

/**
 * One chunk found by a search.
 *
 * @param documentId the document it belongs to
 * @param chunk its ordinal in the document
 * @param title the document's title
 * @param section its heading path ("Returns > Refund timing"), or empty
 * @param source where the document came from
 * @param url the document's address, for a link to it: its source when that is an http or https URL, else empty
 * @param snippet the sentences of the chunk that best match the query, at most about 240 characters
 * @param text the whole chunk (at most about 300 words), what an assistant answers from
 * @param score the fused rank score scaled to 0..1: 1 is first by keywords and first by meaning
 * @param keywordRank its place in the BM25 keyword ranking, from 1, or 0 when no query word is in it
 * @param vectorRank its place in the embedding-similarity ranking, from 1, or 0 when it was not similar enough
 * @param url the document's web address, empty when it has none
 * @param language the language the document is written in (its primary subtag, e.g. "de")
 */
public record SearchHit(
    String documentId, int chunk, String title, String section, String source, String snippet, String text,
    double score, int keywordRank, int vectorRank, String url, String language) {}
