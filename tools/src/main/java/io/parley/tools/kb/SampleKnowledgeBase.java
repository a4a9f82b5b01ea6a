package io.parley.tools.kb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The demo's help centre: a few short support articles of a fictional shop (shipping, tracking,
 * returns, passwords, warranty, contact hours, ticket response times and escalation, changing an
 * order), in {@code kb/sample/} as Markdown, listed in its {@code index.txt} (a jar cannot list a
 * folder). Each article's first line is its {@code # Title}.
 */
public final class SampleKnowledgeBase {
  static final String FOLDER = "kb/sample/";

  private SampleKnowledgeBase() {}

  /**
   * Loads the articles into {@code tenant} when its knowledge base is empty; a tenant that has any
   * document, or a deleted article once the others are there, is left as it is. Each article has
   * a fixed id, so nodes that start together store it once.
   *
   * @return how many articles this call added
   */
  public static int loadIfEmpty(KnowledgeBase knowledgeBase, String tenant) {
    if (!knowledgeBase.listNow(tenant).isEmpty()) return 0;
    int added = 0;
    for (String file : files()) {
      String markdown = read(file);
      String firstLine = markdown.lines().findFirst().orElse("");
      if (!firstLine.startsWith("# ")) throw new IllegalStateException(FOLDER + file + " must start with '# Title'");
      NewDocument document = new NewDocument(firstLine.substring(2).strip(), markdown, DocumentFormat.MARKDOWN,
          "sample:" + file);
      String id = UUID.nameUUIDFromBytes(("parley-sample-kb/" + file).getBytes(StandardCharsets.UTF_8)).toString();
      if (knowledgeBase.ingestIfAbsent(tenant, id, document)) added++;
    }
    return added;
  }

  static List<String> files() {
    List<String> files = new ArrayList<>();
    for (String line : read("index.txt").split("\n")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) files.add(name);
    }
    return files;
  }

  static String read(String file) {
    try (InputStream in = SampleKnowledgeBase.class.getClassLoader().getResourceAsStream(FOLDER + file)) {
      if (in == null) throw new IllegalStateException("Missing resource " + FOLDER + file);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
