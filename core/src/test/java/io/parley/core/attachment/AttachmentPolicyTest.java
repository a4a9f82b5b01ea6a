package io.parley.core.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttachmentPolicyTest {
  private static final AttachmentPolicy DEFAULTS =
      new AttachmentPolicy(AttachmentPolicy.DEFAULT_MAX_BYTES, AttachmentPolicy.DEFAULT_TYPES);

  @Test
  void theTypeComesFromTheContent() {
    assertEquals(Optional.of(AttachmentType.JPEG), ContentSniffer.detect(TestImages.jpegWithGps(8, 8)));
    assertEquals(Optional.of(AttachmentType.PNG), ContentSniffer.detect(TestImages.png(8, 8)));
    assertEquals(Optional.of(AttachmentType.GIF), ContentSniffer.detect(bytes("GIF89a\1\0\1\0\0\0\0;")));
    assertEquals(Optional.of(AttachmentType.WEBP), ContentSniffer.detect(bytes("RIFF\4\0\0\0WEBP")));
    assertEquals(Optional.of(AttachmentType.PDF), ContentSniffer.detect(bytes("%PDF-1.7\n")));
    assertEquals(Optional.of(AttachmentType.TEXT), ContentSniffer.detect("Order 1234 — ça va\r\n\tok".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anExecutableNamedLikeAnImageHasNoType() {
    assertEquals(Optional.empty(), ContentSniffer.detect(bytes("MZ\u0090\0\3\0\0\0\4\0\0\0")));
    assertEquals(Optional.empty(), ContentSniffer.detect(bytes("\u007fELF\2\1\1\0")));
    assertEquals(Optional.empty(), ContentSniffer.detect(new byte[] {(byte) 0xC3, 0x28}), "not UTF-8");
    assertEquals(Optional.empty(), ContentSniffer.detect(new byte[0]));
    Object refused = DEFAULTS.admit(bytes("MZ\u0090\0\3\0"));
    assertInstanceOf(AttachmentPolicy.Admission.Unsupported.class, refused);
    assertTrue(refused.toString().contains("image/jpeg"), "the refusal names what is accepted: " + refused);
  }

  @Test
  void sizeAndTheTenantsTypesBound() {
    AttachmentPolicy imagesOnly = new AttachmentPolicy(100, Set.of(AttachmentType.PNG, AttachmentType.JPEG));
    assertInstanceOf(AttachmentPolicy.Admission.TooLarge.class, imagesOnly.admit(new byte[101]));
    AttachmentPolicy.Admission pdf = imagesOnly.admit(bytes("%PDF-1.7\n"));
    assertInstanceOf(AttachmentPolicy.Admission.Unsupported.class, pdf);
    assertTrue(pdf.toString().contains("application/pdf, which this service does not accept"), pdf.toString());
    assertEquals(new AttachmentPolicy.Admission.Admitted(AttachmentType.PDF), DEFAULTS.admit(bytes("%PDF-1.7\n")));
  }

  @Test
  void namesLoseDirectoriesAndWhatBreaksHeaders() {
    assertEquals("label.jpg", AttachmentName.clean("C:\\Users\\ada\\label.jpg"));
    assertEquals("evilname.pdf", AttachmentName.clean("../evil\r\n\"name;.pdf"));
    assertEquals("attachment", AttachmentName.clean(".."));
    assertEquals("attachment", AttachmentName.clean(null));
    assertEquals(AttachmentName.MAX_LENGTH, AttachmentName.clean("x".repeat(500)).length());
  }

  private static byte[] bytes(String latin1) {
    return latin1.getBytes(StandardCharsets.ISO_8859_1);
  }
}
