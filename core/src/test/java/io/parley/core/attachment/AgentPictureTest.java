package io.parley.core.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentPictureTest {
  @Test
  void aPhotoIsDrawnAgainSmallWithoutItsMetadata() {
    AgentPicture picture = AgentPicture.of(TestImages.jpegWithGps(800, 400));
    assertEquals("image/jpeg", picture.mediaType());
    assertFalse(TestImages.holds(picture.content(), TestImages.GPS_MARKER));
    BufferedImage image = ImageScrubber.decode(picture.content());
    assertEquals(AgentPicture.SIDE, image.getWidth());
    assertEquals(AgentPicture.SIDE / 2, image.getHeight());
  }

  @Test
  void aSmallPngStaysItsSize() {
    AgentPicture picture = AgentPicture.of(TestImages.png(40, 40));
    assertEquals(40, ImageScrubber.decode(picture.content()).getWidth());
    assertTrue(picture.mediaType().startsWith("image/"));
  }

  @Test
  void whatIsNotAPictureOrTooLargeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> AgentPicture.of("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class, () -> AgentPicture.of("%PDF-1.7".getBytes(StandardCharsets.US_ASCII)));
    assertThrows(IllegalArgumentException.class, () -> AgentPicture.of(new byte[AgentPicture.MAX_UPLOAD_BYTES + 1]));
    assertThrows(IllegalArgumentException.class, () -> AgentPicture.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}));
  }

  @Test
  void aHugeCanvasIsRefusedBeforeItIsDecoded() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> AgentPicture.of(TestImages.png(AgentPicture.MAX_SOURCE_SIDE + 1, 1)));
    assertTrue(refused.getMessage().contains("pixels"), refused.getMessage());
  }

  @Test
  void theKeyIsStablePerTenantAndAgentAndHidesTheAgentsId() {
    String key = AgentPicture.key("acme", "ada@acme.example");
    assertEquals(key, AgentPicture.key("acme", "ada@acme.example"));
    assertNotEquals(key, AgentPicture.key("globex", "ada@acme.example"));
    assertEquals(32, key.length());
    assertEquals("/v1/agent-pictures/" + key, AgentPicture.path("acme", "ada@acme.example"));
    assertFalse(AgentPicture.path("acme", "ada@acme.example").contains("ada"));
  }
}
