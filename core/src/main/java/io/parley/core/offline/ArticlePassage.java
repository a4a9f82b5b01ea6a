package io.parley.core.offline;

/**
 * The passage of one of the tenant's help articles that answers a customer's question, found
 * without a model: the article's id and title, and its sentences that best match the question.
 */
public record ArticlePassage(String documentId, String title, String passage) {}
