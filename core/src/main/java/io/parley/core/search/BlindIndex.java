package io.parley.core.search;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The blind terms of conversation search (docs/analytics.md, "Search"): a word's term is the
 * first 64 bits of its HMAC-SHA256 under its tenant's key, and a tenant's key is the HMAC of the
 * tenant's name under the cluster's search key. The index holds terms only, so reading it shows
 * no word, and the same word is a different term in each tenant. Thread-safe: each tenant's MAC is
 * made and keyed once, and a text's words are hashed with a copy of it (a MAC keyed anew for each
 * word cost the conversations projection more than the hashing). The terms of the words most
 * recently hashed are kept, each tenant's by word (about {@value #KNOWN_TERMS} in all, all
 * forgotten at once when full): a support chat's words repeat, and a term found is a hash saved.
 * They are words as {@link SearchWords} makes them, with no personal data, held in memory only.
 *
 * <p>A text in a language with a stemmer ({@link SearchStems}) also has the terms of its words'
 * stems ("rechnungen" gives "rechnung" too), hashed as words are. A search word matches its own
 * term or the term of its stem in the language searched, or in each language with a stemmer when
 * none is: so rows written before stems were ("rechnungen" only) still match the word itself.
 */
public final class BlindIndex {
  private static final String ALGORITHM = "HmacSHA256";
  static final int KNOWN_TERMS = 65_536;

  private final SecretKeySpec clusterKey;
  private final Map<String, TenantTerms> tenants = new ConcurrentHashMap<>();
  /** How many terms the tenants know, all of them together. */
  private final AtomicInteger knownTerms = new AtomicInteger();

  /** A tenant's MAC, keyed and never used itself ({@link #terms} hashes with a copy), and its known terms by word. */
  private record TenantTerms(Mac mac, Map<String, Long> known) {}

  public BlindIndex(byte[] clusterKey) {
    this.clusterKey = new SecretKeySpec(clusterKey.clone(), ALGORITHM);
  }

  /** The terms of {@code text}'s words ({@link SearchWords}) in {@code tenant}. */
  public Set<Long> termsOf(String tenant, String text) {
    return terms(tenant, SearchWords.of(text));
  }

  /** The terms of {@code text}'s words and of their stems in {@code language} (a BCP 47 tag) when it has a stemmer. */
  public Set<Long> termsOf(String tenant, String text, Optional<String> language) {
    List<String> words = SearchWords.of(text);
    Optional<String> stemming = SearchStems.of(language);
    if (stemming.isEmpty()) return terms(tenant, words);
    List<String> forms = new ArrayList<>(words);
    forms.addAll(SearchStems.stems(words, stemming.get()));
    return terms(tenant, forms);
  }

  /**
   * For each of the words searched for ({@link SearchWords}'), the terms any one of which a
   * conversation holding it has: the word's, and its stem's in {@code language} (a BCP 47 tag) when it
   * has a stemmer, else in every language that has one.
   */
  public List<List<Long>> searchTerms(String tenant, List<String> words, Optional<String> language) {
    Collection<String> languages = SearchStems.of(language).map(List::of).orElseGet(() -> List.copyOf(SearchStems.languages()));
    List<List<String>> stems = languages.stream().map(stemming -> SearchStems.stems(words, stemming)).toList();
    List<List<Long>> alternatives = new ArrayList<>(words.size());
    for (int i = 0; i < words.size(); i++) {
      Set<String> forms = new LinkedHashSet<>();
      forms.add(words.get(i));
      for (List<String> stemmed : stems) forms.add(stemmed.get(i));
      alternatives.add(List.copyOf(terms(tenant, forms)));
    }
    return alternatives;
  }

  /** The terms of {@code words}, already words as {@link SearchWords} makes them, in their order. */
  public Set<Long> terms(String tenant, Collection<String> words) {
    TenantTerms tenantTerms = tenants.computeIfAbsent(tenant, this::tenantTerms);
    Mac mac = null;
    Set<Long> terms = new LinkedHashSet<>();
    for (String word : words) {
      Long term = tenantTerms.known().get(word);
      if (term == null) {
        if (mac == null) mac = copy(tenantTerms.mac());
        // doFinal leaves the MAC keyed as it was, ready for the next word.
        term = ByteBuffer.wrap(mac.doFinal(word.getBytes(StandardCharsets.UTF_8))).getLong();
        remember(tenantTerms, word, term);
      }
      terms.add(term);
    }
    return terms;
  }

  private void remember(TenantTerms tenantTerms, String word, long term) {
    if (knownTerms.incrementAndGet() > KNOWN_TERMS) {
      tenants.values().forEach(known -> known.known().clear());
      knownTerms.set(1);
    }
    tenantTerms.known().put(word, term);
  }

  private TenantTerms tenantTerms(String tenant) {
    return new TenantTerms(keyed(new SecretKeySpec(
        keyed(clusterKey).doFinal(("conversation-search|" + tenant).getBytes(StandardCharsets.UTF_8)), ALGORITHM)),
        new ConcurrentHashMap<>());
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
