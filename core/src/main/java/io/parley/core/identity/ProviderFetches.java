package io.parley.core.identity;

/** What becomes of the node's reads of identity providers and of the tokens they hold up: the node counts them in its metrics. */
public interface ProviderFetches {
  /** What was read. */
  enum Document {
    /** An OpenID Connect provider's {@code /.well-known/openid-configuration}. */
    DISCOVERY("discovery document"),
    /** A JWK set: a provider's {@code jwks_uri}, or a tenant's {@code jwksUrl}. */
    KEYS("key set");

    private final String description;

    Document(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  enum Outcome {
    READ,
    /** Read, but slower than a quarter of the read's timeout. */
    SLOW,
    /** Not read: no answer in time, an error, or a document that does not hold what it must. */
    FAILED
  }

  void read(Document document, Outcome outcome);

  /** A token refused at once because the keys of its issuer are not known: being read, or not readable. */
  void refusedWithoutKeys();

  static ProviderFetches none() {
    return new ProviderFetches() {
      @Override
      public void read(Document document, Outcome outcome) {}

      @Override
      public void refusedWithoutKeys() {}
    };
  }
}
