package io.parley.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The JavaScript client ({@code clients/js}, copied into the jar's {@code client/} by the build) for
 * pages to load from the node they talk to: its modules ({@link #MODULES}: {@code parley-client.js}, the package's
 * entry, and those it exports or a page loads on its own, as the widget does; and the widget's own modules,
 * {@code clients/widget/widget-*.js}, which it loads with them) at {@code /client/<module>}, this node's version, cached
 * briefly so an upgrade reaches pages soon, and at {@code /client/<version>/<module>}, which never
 * changes, so browsers and CDNs keep it for a year. Like the widget, each module is served without
 * its comment lines and indentation ({@link WidgetScript#asServed}): the widget's visitors download
 * them, within its size budget.
 */
final class ClientLibrary extends AllDirectives {
  static final List<String> MODULES = List.of("parley-client.js", "session-client.js", "session-socket.js", "session-requests.js",
      "session-token.js", "session-rating.js", "listeners.js", "stored-session.js", "outbox.js", "transcript.js",
      "attachments.js", "attachment-picker.js",
      "composer-files.js", "file-links.js", "first-use.js", "approval-cards.js", "approval-form.js", "agent-avatar.js", "conversation.js", "bubble-list.js", "paint-schedule.js", "citations.js", "texts.js",
      "contact-prompt.js", "reply-options.js", "procedure-runs.js", "call-recording.js", "widget-panel.js", "widget-conversation.js", "widget-voice.js",
      "widget-draft.js", "widget-refusals.js", "widget-parts.js", "widget-identity.js", "widget-style.js", "widget-chime.js",
      "widget-approvals.js", "widget-memory.js", "bot-wording.js", "procedure-steps.js", "knowledge-sources.js", "campaigns.js",
      "user-memory.js", "event-stream.js");
  private static final Pattern MODULE = Pattern.compile(String.join("|", MODULES).replace(".", "\\."));
  private static final ContentType JAVASCRIPT = MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8);
  private static final RawHeader CURRENT = RawHeader.create("Cache-Control", "public, max-age=300");
  private static final RawHeader IMMUTABLE = RawHeader.create("Cache-Control", "public, max-age=31536000, immutable");

  private final String version;
  private final Map<String, byte[]> modules;

  private ClientLibrary(String version) {
    this.version = version;
    this.modules = MODULES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), ClientLibrary::served));
  }

  /** {@code module} as the node serves it. */
  static byte[] served(String module) {
    try (InputStream in = ClientLibrary.class.getClassLoader().getResourceAsStream("client/" + module)) {
      if (in == null) throw new IllegalStateException("client/" + module + " is missing from the jar; the build copies clients/js");
      return WidgetScript.asServed(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read client/" + module, e);
    }
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
        path(PathMatchers.segment(MODULE), module -> respondWithHeader(CURRENT, () -> complete(response(module)))),
        path(PathMatchers.segment(version).slash(PathMatchers.segment(MODULE)),
            module -> respondWithHeader(IMMUTABLE, () -> complete(response(module)))))));
  }

  private HttpResponse response(String module) {
    return HttpResponse.create().withEntity(HttpEntities.create(JAVASCRIPT, modules.get(module)));
  }
}
