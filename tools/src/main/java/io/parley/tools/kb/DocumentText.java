package io.parley.tools.kb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * A document's text as sections: headings and paragraphs, with the markup gone. Markdown is read
 * line by line (the headings, paragraphs, lists, quotes, tables and code blocks of CommonMark, not
 * every corner of it); HTML is parsed by jsoup, which copes with whatever a help-centre export holds.
 * A heading equal to the document's title is left out of the heading paths: it adds nothing.
 */
final class DocumentText {
  private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:\\s+(.*?))?\\s*#*\\s*$");
  private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(=+|-+)\\s*$");
  private static final Pattern THEMATIC_BREAK = Pattern.compile("^ {0,3}([-*_])(\\s*\\1){2,}\\s*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,}).*$");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*+]|\\d{1,9}[.)])\\s+(.*)$");
  private static final Pattern QUOTE = Pattern.compile("^\\s*>\\s?(.*)$");
  private static final Pattern TABLE_DIVIDER = Pattern.compile("^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");
  private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
  private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\([^)]*\\)");
  private static final Pattern STRONG = Pattern.compile("(\\*\\*|__)(\\S(?:.*?\\S)?)\\1");
  private static final Pattern EMPHASIS = Pattern.compile("(?<![\\w*])\\*(\\S(?:[^*]*?\\S)?)\\*(?![\\w*])");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u2007\\u202F]+");
  private static final Pattern INLINE_TAG = Pattern.compile("</?[A-Za-z][^>]*>");
  private static final Set<String> SKIPPED_ELEMENTS = Set.of("script", "style", "noscript", "template", "head", "nav",
      "svg", "iframe", "button", "form");

  private DocumentText() {}

  static List<Section> sections(DocumentFormat format, String title, String content) {
    String normalized = content.replace("\r\n", "\n").replace('\r', '\n');
    return switch (format) {
      case MARKDOWN -> markdown(title, normalized);
      case TEXT -> text(normalized);
      case HTML -> html(title, normalized);
    };
  }

  private static List<Section> text(String content) {
    Sections sections = new Sections("");
    for (String line : content.split("\n", -1)) {
      if (line.isBlank()) sections.endParagraph(); else sections.addLine(collapse(line));
    }
    return sections.finish();
  }

  private static List<Section> markdown(String title, String content) {
    Sections sections = new Sections(title);
    String fence = null;
    for (String line : content.split("\n", -1)) {
      if (fence != null) {
        if (line.strip().startsWith(fence)) {
          fence = null;
          sections.endParagraph();
        } else {
          sections.addLine(line.stripTrailing());
        }
        continue;
      }
      Matcher fenceStart = FENCE.matcher(line);
      if (fenceStart.matches()) {
        sections.endParagraph();
        fence = fenceStart.group(1);
        continue;
      }
      Matcher heading = ATX_HEADING.matcher(line);
      if (heading.matches()) {
        sections.heading(heading.group(1).length(), inline(heading.group(2) == null ? "" : heading.group(2)));
        continue;
      }
      if (SETEXT_UNDERLINE.matcher(line).matches() && sections.paragraphLines() == 1 && !sections.lastLineIsListItem()) {
        sections.headingFromParagraph(line.strip().startsWith("=") ? 1 : 2);
        continue;
      }
      if (line.contains("|") && TABLE_DIVIDER.matcher(line).matches()) continue;
      if (THEMATIC_BREAK.matcher(line).matches()) {
        sections.endParagraph();
        continue;
      }
      if (line.isBlank()) {
        sections.endParagraph();
        continue;
      }
      Matcher quote = QUOTE.matcher(line);
      String body = quote.matches() ? quote.group(1) : line;
      Matcher item = LIST_ITEM.matcher(body);
      if (item.matches()) {
        sections.addLine("- " + inline(item.group(1)));
      } else if (body.strip().startsWith("|")) {
        sections.addLine(inline(tableRow(body)));
      } else {
        sections.addLine(inline(body));
      }
    }
    return sections.finish();
  }

  private static String tableRow(String row) {
    String cells = row.strip();
    if (cells.startsWith("|")) cells = cells.substring(1);
    if (cells.endsWith("|")) cells = cells.substring(0, cells.length() - 1);
    List<String> parts = new ArrayList<>();
    for (String cell : cells.split("\\|")) {
      if (!cell.isBlank()) parts.add(cell.strip());
    }
    return String.join(" | ", parts);
  }

  /** Markdown's inline markup removed: the text of links and images, no emphasis marks or backticks. */
  static String inline(String markdown) {
    String text = IMAGE.matcher(markdown).replaceAll("$1");
    text = LINK.matcher(text).replaceAll("$1");
    text = CODE.matcher(text).replaceAll("$1");
    text = STRONG.matcher(text).replaceAll("$2");
    text = EMPHASIS.matcher(text).replaceAll("$1");
    text = INLINE_TAG.matcher(text).replaceAll("");
    return collapse(text);
  }

  /** Runs of white space, the no-break spaces of {@code &nbsp;} included, as one space. */
  private static String collapse(String text) {
    return SPACES.matcher(text).replaceAll(" ").strip();
  }

  private static List<Section> html(String title, String content) {
    Sections sections = new Sections(title);
    Element body = Jsoup.parse(content).body();
    NodeTraversor.filter(new NodeFilter() {
      @Override
      public FilterResult head(Node node, int depth) {
        if (node instanceof TextNode text) {
          sections.addText(text.text());
          return FilterResult.CONTINUE;
        }
        if (!(node instanceof Element element)) return FilterResult.CONTINUE;
        String tag = element.normalName();
        if (SKIPPED_ELEMENTS.contains(tag)) return FilterResult.SKIP_ENTIRELY;
        if (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6') {
          sections.heading(tag.charAt(1) - '0', collapse(element.text()));
          return FilterResult.SKIP_ENTIRELY;
        }
        if (tag.equals("br")) {
          sections.breakLine();
        } else if (tag.equals("li")) {
          sections.breakLine();
          sections.addText("- ");
        } else if (tag.equals("tr")) {
          sections.breakLine();
        } else if (tag.equals("td") || tag.equals("th")) {
          sections.addText(" | ");
        } else if (element.isBlock()) {
          sections.endParagraph();
        }
        return FilterResult.CONTINUE;
      }

      @Override
      public FilterResult tail(Node node, int depth) {
        if (!(node instanceof Element element)) return FilterResult.CONTINUE;
        switch (element.normalName()) {
          case "li", "tr" -> sections.breakLine();
          case "td", "th", "br" -> { }
          default -> {
            if (element.isBlock()) sections.endParagraph();
          }
        }
        return FilterResult.CONTINUE;
      }
    }, body);
    return sections.finish();
  }

  /** Collects sections as a parser meets headings, lines and paragraph ends. */
  private static final class Sections {
    private final String title;
    private final List<Section> done = new ArrayList<>();
    private final String[] path = new String[7];
    private final List<String> paragraphs = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder inlineText = new StringBuilder();

    Sections(String title) {
      this.title = title == null ? "" : title.strip();
    }

    int paragraphLines() {
      return lines.size();
    }

    boolean lastLineIsListItem() {
      return !lines.isEmpty() && lines.get(lines.size() - 1).startsWith("- ");
    }

    void addLine(String line) {
      if (!line.isBlank()) lines.add(line);
    }

    /** HTML text: runs of inline text make one line until a break. */
    void addText(String text) {
      inlineText.append(text);
    }

    void breakLine() {
      String line = collapse(inlineText.toString()).replaceAll("^[ |]+|[ |]+$", "");
      inlineText.setLength(0);
      if (!line.isEmpty() && !line.equals("-")) lines.add(line);
    }

    void endParagraph() {
      breakLine();
      if (lines.isEmpty()) return;
      paragraphs.add(String.join("\n", lines));
      lines.clear();
    }

    void heading(int level, String text) {
      endParagraph();
      endSection();
      path[level] = text;
      for (int deeper = level + 1; deeper < path.length; deeper++) path[deeper] = null;
    }

    /** A setext heading: the paragraph line just read was the heading's text. */
    void headingFromParagraph(int level) {
      String text = lines.remove(lines.size() - 1);
      heading(level, text);
    }

    private void endSection() {
      if (paragraphs.isEmpty()) return;
      List<String> names = new ArrayList<>();
      for (String name : path) {
        if (name != null && !name.isBlank() && !name.toLowerCase(Locale.ROOT).equals(title.toLowerCase(Locale.ROOT))) {
          names.add(name);
        }
      }
      done.add(new Section(String.join(" > ", names), paragraphs));
      paragraphs.clear();
    }

    List<Section> finish() {
      endParagraph();
      endSection();
      return List.copyOf(done);
    }
  }
}
