package io.parley.persistence.archive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.archive.ArchiveKeys;
import io.parley.core.archive.ArchiveReceipt;
import io.parley.core.archive.ArchiveUnavailableException;
import io.parley.core.session.SessionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryArchiveStoreTest {
  private static final byte[] DOCUMENT = "{\"messages\":[\"hello\"]}".getBytes(UTF_8);
  private static final SessionId SESSION =
      new SessionId("acme", UUID.fromString("0b6e4f1e-8f0a-4c57-9d3b-2f0f8f3a1c55"));
  private static final String KEY = ArchiveKeys.of(SESSION, Instant.parse("2026-03-04T23:59:59Z"));

  @TempDir Path dataDir;

  @Test
  void aDocumentIsAFileAtItsKeyAndComesBack() throws Exception {
    DirectoryArchiveStore store = new DirectoryArchiveStore(dataDir.resolve("archive"));

    ArchiveReceipt receipt = store.put(KEY, DOCUMENT);

    assertEquals(new ArchiveReceipt(KEY, Checksums.sha256(DOCUMENT), DOCUMENT.length), receipt);
    Path file = dataDir.resolve("archive/acme/2026/03/04/0b6e4f1e-8f0a-4c57-9d3b-2f0f8f3a1c55.json");
    assertArrayEquals(DOCUMENT, Files.readAllBytes(file));
    assertArrayEquals(DOCUMENT, store.get(KEY).orElseThrow());
  }

  @Test
  void aDeletedDocumentIsGoneAndDeletingAgainSaysSo() {
    DirectoryArchiveStore store = new DirectoryArchiveStore(dataDir.resolve("archive"));
    store.put(KEY, DOCUMENT);

    assertTrue(store.delete(KEY));

    assertEquals(java.util.Optional.empty(), store.get(KEY));
    assertFalse(store.delete(KEY));
    assertThrows(IllegalArgumentException.class, () -> store.delete("../outside.json"));
  }

  @Test
  void theChecksumIsLowerCaseHexSha256() {
    ArchiveReceipt receipt = new DirectoryArchiveStore(dataDir).put(KEY, "abc".getBytes(UTF_8));

    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", receipt.sha256());
  }

  @Test
  void writesLeaveNoTemporaryFiles() throws Exception {
    DirectoryArchiveStore store = new DirectoryArchiveStore(dataDir);
    store.put(KEY, DOCUMENT);
    store.put(KEY, DOCUMENT);
    store.put(ArchiveKeys.of(SessionId.random("acme"), Instant.now()), DOCUMENT);

    try (Stream<Path> files = Files.walk(dataDir)) {
      List<Path> regular = files.filter(Files::isRegularFile).collect(Collectors.toList());
      assertEquals(2, regular.size(), regular.toString());
      assertTrue(regular.stream().allMatch(path -> path.getFileName().toString().endsWith(".json")
          && !path.getFileName().toString().startsWith(".")), regular.toString());
    }
  }

  @Test
  void aSecondPutReplacesTheDocument() {
    DirectoryArchiveStore store = new DirectoryArchiveStore(dataDir);
    store.put(KEY, DOCUMENT);

    byte[] longer = "{\"messages\":[\"hello\",\"bye\"]}".getBytes(UTF_8);
    store.put(KEY, longer);

    assertArrayEquals(longer, store.get(KEY).orElseThrow());
  }

  @Test
  void aMissingDocumentIsEmpty() {
    assertEquals(Optional.empty(), new DirectoryArchiveStore(dataDir.resolve("never-created")).get(KEY));
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsUnavailable() throws Exception {
    Files.writeString(dataDir.resolve("archive"), "a file where the directory should be");
    DirectoryArchiveStore store = new DirectoryArchiveStore(dataDir.resolve("archive"));

    ArchiveUnavailableException e = assertThrows(ArchiveUnavailableException.class, () -> store.put(KEY, DOCUMENT));

    assertTrue(e.getMessage().contains(KEY), e.getMessage());
  }

  @Test
  void keysCannotLeaveTheDirectory() {
    DirectoryArchiveStore store = new DirectoryArchiveStore(dataDir.resolve("archive"));

    for (String key : List.of("../escape.json", "acme/../../escape.json", "/etc/passwd", "acme//x.json", "", "acme/")) {
      assertThrows(IllegalArgumentException.class, () -> store.put(key, DOCUMENT), key);
    }
  }

  @Test
  void theLocationIsTheAbsoluteDirectoryAsAFileUri() {
    Path relative = Path.of("data", "archive");

    assertEquals("file:" + relative.toAbsolutePath(), new DirectoryArchiveStore(relative).location());
  }
}
