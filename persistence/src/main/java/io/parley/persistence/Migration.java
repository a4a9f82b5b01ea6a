package io.parley.persistence;

/**
 * One versioned schema change, from a file named {@code V<version>__<description>.sql} in which
 * the description's underscores stand for spaces.
 */
public record Migration(int version, String description) {}
