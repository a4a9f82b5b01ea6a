package io.parley.core.gaps;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Questions alike in meaning: {@code question}, the one nearest the topic's centre (what an article
 * would answer); {@code count}, how many times the topic was asked; {@code examples}, distinct
 * wordings in the order they were first asked; {@code reasons}, how many of each reason, by its wire name.
 */
public record GapTopic(String question, int count, List<String> examples, Map<String, Integer> reasons,
    Instant firstAskedAt, Instant lastAskedAt) {}
