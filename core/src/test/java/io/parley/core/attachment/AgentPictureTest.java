package io.parley.core.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.compute.CpuWork;
import io.parley.core.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  void itIsDrawnOnTheCpuPoolInItsTenantsTurn() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (CpuWork cpu = CpuWork.start(1)) {
      Thread.ofVirtual().start(() -> cpu.run("globex", () -> {
        busy.countDown();
        try {
          return release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }));
      assertTrue(busy.await(10, TimeUnit.SECONDS));
      CompletableFuture<AgentPicture> drawn = CompletableFuture.supplyAsync(
          () -> AgentPicture.drawn(cpu, "acme", TestImages.png(40, 40)), Executors.newVirtualThreadPerTaskExecutor());
      assertThrows(TimeoutException.class, () -> drawn.get(300, TimeUnit.MILLISECONDS),
          "not drawn on the caller's thread: it waits for the pool's one thread");
      release.countDown();
      assertEquals(40, ImageScrubber.decode(drawn.get(10, TimeUnit.SECONDS).content()).getWidth());
    }
  }

  @Test
  void aCanvasOfTooManyPixelsIsRefusedFromItsHeaderAlone() {
    byte[] png = TestImages.png(1, 1);
    // IHDR's width and height (bytes 16 to 23) say 5000 x 5000: within the side, past the pixels.
    ByteBuffer.wrap(png, 16, 8).putInt(5000).putInt(5000);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> AgentPicture.of(png));
    assertTrue(refused.getMessage().contains("5000 x 5000 pixels"), refused.getMessage());
  }

  @Test
  void aHugeCanvasIsRefusedBeforeItIsDecoded() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> AgentPicture.of(TestImages.png(ImageLimits.STANDARD.maxSide() + 1, 1)));
    assertTrue(refused.getMessage().contains("pixels"), refused.getMessage());
  }

  @Test
  void theRowsKeyIsStablePerTenantAndAgentAndHidesTheAgentsId() {
    String key = AgentPicture.key("acme", "ada@acme.example");
    assertEquals(key, AgentPicture.key("acme", "ada@acme.example"));
    assertNotEquals(key, AgentPicture.key("globex", "ada@acme.example"));
    assertEquals(32, key.length());
    assertEquals("/v1/agent-pictures/0f3a", AgentPicture.path("0f3a"), "served under its store's random key");
  }
}
