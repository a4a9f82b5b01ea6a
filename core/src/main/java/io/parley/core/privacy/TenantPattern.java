package io.parley.core.privacy;

import io.parley.core.compute.TenantRegex;

/**
 * A kind of personal data a tenant defines itself (a member number, a policy number): its
 * placeholder name, {@code [MEMBER_ID_1]}, and the pattern that finds it, checked by
 * {@link TenantPatterns#problems} when it was saved.
 */
public record TenantPattern(String name, TenantRegex regex) {}
