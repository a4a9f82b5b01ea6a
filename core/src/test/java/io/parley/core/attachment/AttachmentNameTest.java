package io.parley.core.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AttachmentNameTest {
  @Test
  void aNameLosesEveryFormatCharacter() {
    assertEquals("invoicefdp.exe", AttachmentName.clean("invoice\u202Efdp.exe"), "right-to-left override");
    assertEquals("invoicefdp.exe", AttachmentName.clean("invoice\u2067fdp\u2069.exe"), "right-to-left isolate");
    assertEquals("report.pdf", AttachmentName.clean("re\u200Bport\u2060.p\u00ADdf\uFEFF"), "zero-width, soft hyphen, BOM");
    assertEquals("tag.txt", AttachmentName.clean("tag\uDB40\uDC41.txt"), "a tag character, outside the BMP");
    assertEquals("attachment", AttachmentName.clean("\u202E\u202D"), "nothing left");
    assertEquals("Bestellung Müller – 3.pdf", AttachmentName.clean("Bestellung Müller – 3.pdf"), "letters stay");
    assertEquals("Title", AttachmentName.withoutFormatCharacters("Ti\u202Etle"));
  }

  @Test
  void theDispositionCarriesAnAsciiNameAndTheWholeOneEncoded() {
    assertEquals("attachment; filename=\"invoicefdp.exe\"; filename*=UTF-8''invoicefdp.exe",
        AttachmentName.disposition(false, "invoice\u202Efdp.exe"));
    assertEquals("inline; filename=\"M_ller 100_.png\"; filename*=UTF-8''M%C3%BCller%20100%25.png",
        AttachmentName.disposition(true, "Müller 100%.png"));
    assertEquals("attachment; filename=\"_.txt\"; filename*=UTF-8''%F0%9F%93%A6.txt",
        AttachmentName.disposition(false, "\uD83D\uDCE6.txt"), "one code point, one fallback character");
  }
}
