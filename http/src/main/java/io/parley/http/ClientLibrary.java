package io.parley.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The JavaScript client ({@code clients/js}, copied into the jar's {@code client/} by the build) for
 * pages to load from the node they talk to: its modules ({@code parley-client.js} and the
 * {@code conversation.js}, {@code bubble-list.js} and {@code texts.js} it exports) at {@code /client/<module>}, this node's version, cached
 * briefly so an upgrade reaches pages soon, and at {@code /client/<version>/<module>}, which never
 * changes, so browsers and CDNs keep it for a year.
 */
final class ClientLibrary extends AllDirectives {
  private static final Pattern MODULE = Pattern.compile("parley-client\\.js|conversation\\.js|bubble-list\\.js|texts\\.js");
  private static final RawHeader CURRENT = RawHeader.create("Cache-Control", "public, max-age=300");
  private static final RawHeader IMMUTABLE = RawHeader.create("Cache-Control", "public, max-age=31536000, immutable");

  private final String version;

  private ClientLibrary(String version) {
    this.version = version;
  }

  /** The version is the package's ({@code clients/js/package.json}, copied beside the modules). */
  static ClientLibrary fromResources() {
    try (InputStream manifest = ClientLibrary.class.getClassLoader().getResourceAsStream("client/package.json")) {
      if (manifest == null) throw new IllegalStateException("client/package.json is missing from the jar; the build copies clients/js");
      return new ClientLibrary(new ObjectMapper().readTree(manifest).path("version").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read client/package.json", e);
    }
  }

  String version() {
    return version;
  }

  Route route() {
    return pathPrefix("client", () -> get(() -> concat(
        path(PathMatchers.segment(MODULE), module -> respondWithHeader(CURRENT, () -> getFromResource("client/" + module))),
        path(PathMatchers.segment(version).slash(PathMatchers.segment(MODULE)),
            module -> respondWithHeader(IMMUTABLE, () -> getFromResource("client/" + module))))));
  }
}
