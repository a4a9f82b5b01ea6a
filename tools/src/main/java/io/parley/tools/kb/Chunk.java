package io.parley.tools.kb;

/**
 * A piece of a document that is indexed, embedded and returned on its own.
 *
 * @param ordinal its place in the document, from 0
 * @param heading the heading path of the section it starts in, or empty
 * @param text its paragraphs, separated by blank lines; when it spans sections, each later
 *     section's heading is a paragraph of its own
 */
record Chunk(int ordinal, String heading, String text) {}
