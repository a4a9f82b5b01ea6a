package io.parley.persistence.campaigns;

import java.util.Map;

/**
 * A campaign's leads counted: still to call ({@code pending}), being called ({@code dialling}),
 * talking ({@code talking}), and those done by their final outcome; {@code conversions}: the leads
 * whose conversation reached the tenant's lead-scoring threshold (the conversation's
 * {@code lead_qualified}).
 */
public record CampaignProgress(int total, int pending, int dialling, int talking, Map<String, Integer> outcomes,
    int conversions) {}
