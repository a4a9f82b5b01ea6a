package io.parley.core.privacy;

import java.util.regex.Pattern;

/**
 * A kind of personal data a tenant defines itself (a member number, a policy number): its
 * placeholder name, {@code [MEMBER_ID_1]}, and the pattern that finds it. Built by
 * {@link TenantPatterns#check}, which refuses patterns that could not be used safely.
 */
public record TenantPattern(String name, Pattern pattern) {}
