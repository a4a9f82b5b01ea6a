package io.parley.persistence;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The migration scripts Flyway found, each read as one dialect runs it ({@link DialectSections}).
 * Flyway's own scanner lists them, in a folder or a jar alike, so a new {@code V<n>__<what>.sql}
 * needs no other edit.
 *
 * @param scanned Flyway's scanner over the migrations' locations
 */
record DialectScripts(ResourceProvider scanned, Dialect dialect) implements ResourceProvider {
  @Override
  public LoadableResource getResource(String name) {
    LoadableResource resource = scanned.getResource(name);
    return resource == null ? null : new Rendered(resource);
  }

  @Override
  public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
    return scanned.getResources(prefix, suffixes).stream().<LoadableResource>map(script -> new Rendered(script))
        .toList();
  }

  /** The whole text of {@code script}. */
  static String text(LoadableResource script) {
    try (Reader reader = script.read()) {
      StringWriter text = new StringWriter();
      reader.transferTo(text);
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read migration " + script.getRelativePath(), e);
    }
  }

  /** A script's text for this dialect, read when Flyway asks for it. */
  private final class Rendered extends LoadableResource {
    private final LoadableResource script;

    Rendered(LoadableResource script) {
      this.script = script;
    }

    @Override
    public Reader read() {
      return new StringReader(DialectSections.render(script.getRelativePath(), text(script), dialect));
    }

    @Override
    public String getAbsolutePath() {
      return script.getAbsolutePath();
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return script.getAbsolutePathOnDisk();
    }

    @Override
    public String getFilename() {
      return script.getFilename();
    }

    @Override
    public String getRelativePath() {
      return script.getRelativePath();
    }
  }
}
