package io.parley.core.attachment;

import io.parley.core.compute.CpuWork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * An agent's picture as the node keeps and serves it to customers: a JPEG, PNG or GIF upload of at
 * most {@link #MAX_UPLOAD_BYTES}, decoded and drawn again at most {@link #SIDE} pixels a side (so it
 * keeps no metadata and is small), as JPEG or, where it has transparency, PNG; one past
 * {@link ImageLimits#STANDARD} is refused from its header, undecoded. Customers' browsers
 * load it from the node's own origin, never from a host an agent named. CPU work: {@link #drawn}
 * runs it on {@link CpuWork}.
 */
public record AgentPicture(String mediaType, byte[] content) {
  public static final int MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
  public static final int SIDE = 256;
  private static final Set<AttachmentType> TAKEN = Set.of(AttachmentType.JPEG, AttachmentType.PNG, AttachmentType.GIF);
  private static final ImageBounds BOUNDS = new ImageBounds(SIDE);

  /**
   * The picture kept for {@code upload} of an agent of {@code tenant}, drawn on {@code cpu} (in the
   * tenant's turn), which the caller waits for: never on a virtual thread's carrier nor the blocking
   * dispatcher.
   *
   * @throws IllegalArgumentException when it is too large, not a JPEG, PNG or GIF by its content, or unreadable
   */
  public static AgentPicture drawn(CpuWork cpu, String tenant, byte[] upload) {
    return cpu.run(tenant, () -> of(upload));
  }

  /** The picture kept for {@code upload}, drawn on the calling thread: {@link #drawn} outside this package. */
  static AgentPicture of(byte[] upload) {
    if (upload.length > MAX_UPLOAD_BYTES) {
      throw new IllegalArgumentException("the picture has " + upload.length + " bytes; at most " + MAX_UPLOAD_BYTES
          + " are accepted");
    }
    AttachmentType type = ContentSniffer.detect(upload).filter(TAKEN::contains)
        .orElseThrow(() -> new IllegalArgumentException("the picture must be a JPEG, PNG or GIF image"));
    try {
      ImageBounds.Bounded bounded = BOUNDS.bound(type, upload);
      return new AgentPicture(bounded.mediaType(), bounded.content());
    } catch (UnreadableImageException | ImageTooLargeException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * Where customers load the picture served under {@code servedKey} (which its store draws at
   * random with every upload): a path on the node's origin, the same for as long as the agent keeps
   * that picture, and nothing anyone can compute from a tenant and an agent's id.
   */
  public static String path(String servedKey) {
    return "/v1/agent-pictures/" + servedKey;
  }

  /**
   * The row of the picture of {@code agentId} in {@code tenant} in its store: the first 32 hex
   * digits of SHA-256 over the two. Never served: anyone knowing an agent's id could compute it.
   */
  public static String key(String tenant, String agentId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((tenant + "\n" + agentId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
