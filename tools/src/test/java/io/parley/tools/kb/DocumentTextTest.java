package io.parley.tools.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentTextTest {

  @Test
  void markdownHeadingsMakeSectionsWithTheirPath() {
    String markdown = """
        # Returns and refunds

        You can return most items within **30 days**.

        ## How to return an item

        1. Go to [My account](https://example.com/account) > Orders.
        2. Print the `prepaid` label.

        ### From outside the EU
        Returns from outside the EU are at *your own* cost.

        Refunds
        -------
        We refund within 5 business days.
        """;

    List<Section> sections = DocumentText.sections(DocumentFormat.MARKDOWN, "Returns and refunds", markdown);

    assertEquals(List.of(
        new Section("", List.of("You can return most items within 30 days.")),
        new Section("How to return an item", List.of("- Go to My account > Orders.\n- Print the prepaid label.")),
        new Section("How to return an item > From outside the EU", List.of("Returns from outside the EU are at your own cost.")),
        new Section("Refunds", List.of("We refund within 5 business days."))), sections);
  }

  @Test
  void markdownCodeBlocksTablesAndQuotesKeepTheirText() {
    String markdown = """
        Intro line one
        continues here.

        ```
        # not a heading
        ```

        | Method | Time |
        |---|:---:|
        | Express | 1-2 days |

        > Quoted **advice**.

        ---
        After the rule.
        """;

    List<Section> sections = DocumentText.sections(DocumentFormat.MARKDOWN, "Anything", markdown);

    assertEquals(1, sections.size());
    assertEquals(List.of("Intro line one\ncontinues here.", "# not a heading", "Method | Time\nExpress | 1-2 days",
        "Quoted advice.", "After the rule."), sections.get(0).paragraphs());
  }

  @Test
  void htmlHeadingsAndBlocksWithoutScriptsOrStyles() {
    String html = """
        <html><head><title>x</title><style>p { color: red }</style></head><body>
        <h1>Warranty</h1>
        <p>Every product has a <b>2-year</b> warranty.</p>
        <script>alert('no')</script>
        <h2>Claims</h2>
        <p>Contact us with:</p>
        <ul><li>your order number</li><li>photos of the fault</li></ul>
        <table><tr><th>Item</th><th>Years</th></tr><tr><td>Kettle</td><td>3</td></tr></table>
        <div>We reply within 2&nbsp;business days.<br>Repairs take 10 days.</div>
        </body></html>
        """;

    List<Section> sections = DocumentText.sections(DocumentFormat.HTML, "Warranty", html);

    assertEquals(2, sections.size());
    assertEquals(new Section("", List.of("Every product has a 2-year warranty.")), sections.get(0));
    assertEquals("Claims", sections.get(1).heading());
    assertEquals(List.of("Contact us with:", "- your order number\n- photos of the fault", "Item | Years\nKettle | 3",
        "We reply within 2 business days.\nRepairs take 10 days."), sections.get(1).paragraphs());
    assertFalse(sections.toString().contains("alert"));
    assertFalse(sections.toString().contains("color"));
  }

  @Test
  void plainTextIsParagraphsWithoutHeadings() {
    List<Section> sections = DocumentText.sections(DocumentFormat.TEXT, "Notes",
        "First paragraph,\r\nsecond line.\r\n\r\n\r\n# Not a heading in text\n\n   \n");

    assertEquals(List.of(new Section("", List.of("First paragraph,\nsecond line.", "# Not a heading in text"))), sections);
  }

  @Test
  void markupWithoutTextHasNoSections() {
    assertTrue(DocumentText.sections(DocumentFormat.HTML, "t", "<div><script>x()</script></div>").isEmpty());
    assertTrue(DocumentText.sections(DocumentFormat.MARKDOWN, "t", "# Only a heading\n\n---\n").isEmpty());
  }
}
