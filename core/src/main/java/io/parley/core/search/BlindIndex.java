package io.parley.core.search;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The blind terms of conversation search (docs/analytics.md, "Search"): a word's term is the
 * first 64 bits of its HMAC-SHA256 under its tenant's key, and a tenant's key is the HMAC of the
 * tenant's name under the cluster's search key. The index holds terms only, so reading it shows
 * no word, and the same word is a different term in each tenant. Thread-safe: each tenant's MAC is
 * made and keyed once, and a text's words are hashed with a copy of it (a MAC keyed anew for each
 * word cost the conversations projection more than the hashing). The terms of the words most
 * recently hashed are kept ({@value #KNOWN_TERMS} at most, all forgotten at once when full): a
 * support chat's words repeat, and a term found is a hash saved. They are words as {@link
 * SearchWords} makes them, with no personal data, held in memory only.
 */
public final class BlindIndex {
  private static final String ALGORITHM = "HmacSHA256";
  static final int KNOWN_TERMS = 65_536;

  private final SecretKeySpec clusterKey;
  /** Each tenant's MAC, keyed and never used itself: {@link #terms} hashes with a copy. */
  private final Map<String, Mac> tenantMacs = new ConcurrentHashMap<>();
  private final Map<TenantWord, Long> knownTerms = new ConcurrentHashMap<>();

  private record TenantWord(String tenant, String word) {}

  public BlindIndex(byte[] clusterKey) {
    this.clusterKey = new SecretKeySpec(clusterKey.clone(), ALGORITHM);
  }

  /** The terms of {@code text}'s words ({@link SearchWords}) in {@code tenant}. */
  public Set<Long> termsOf(String tenant, String text) {
    return terms(tenant, SearchWords.of(text));
  }

  /** The terms of {@code words}, already words as {@link SearchWords} makes them, in their order. */
  public Set<Long> terms(String tenant, Collection<String> words) {
    Mac mac = null;
    Set<Long> terms = new LinkedHashSet<>();
    for (String word : words) {
      TenantWord key = new TenantWord(tenant, word);
      Long term = knownTerms.get(key);
      if (term == null) {
        if (mac == null) mac = copy(tenantMac(tenant));
        // doFinal leaves the MAC keyed as it was, ready for the next word.
        term = ByteBuffer.wrap(mac.doFinal(word.getBytes(StandardCharsets.UTF_8))).getLong();
        if (knownTerms.size() >= KNOWN_TERMS) knownTerms.clear();
        knownTerms.put(key, term);
      }
      terms.add(term);
    }
    return terms;
  }

  private Mac tenantMac(String tenant) {
    return tenantMacs.computeIfAbsent(tenant, name -> keyed(
        new SecretKeySpec(keyed(clusterKey).doFinal(("conversation-search|" + name).getBytes(StandardCharsets.UTF_8)),
            ALGORITHM)));
  }

  private static Mac keyed(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static Mac copy(Mac mac) {
    try {
      return (Mac) mac.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's HmacSHA256 can be copied", e);
    }
  }
}
