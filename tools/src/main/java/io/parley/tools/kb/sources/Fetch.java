package io.parley.tools.kb.sources;

import java.util.Optional;

/** What asking a source's server for a page came to. */
sealed interface Fetch {
  /** A 200, its body read whole, with the validators to send back next time. */
  record Fetched(String body, int bytes, Optional<String> contentType, Optional<String> etag,
      Optional<String> lastModified) implements Fetch {}

  /** A 304 to a conditional request: the page has not changed since the validators sent. */
  record NotModified() implements Fetch {}

  /** A 404 or 410: the page is gone. */
  record Gone(int status) implements Fetch {}

  /** Anything else (another status, a refused address, a timeout, a body too long): the page is left as it was. */
  record Failed(String reason) implements Fetch {}
}
