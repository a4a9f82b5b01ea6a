package io.parley.voice.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SipTrunkListTest {
  @Test
  void trunksAreReadWithInlineOrFilePasswordsAndOptionalSources(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("carrier"), "from-a-file\n");
    List<SipTrunk> trunks = SipTrunkList.parse("[{\"name\":\"carrier\",\"sources\":[\"203.0.113.5\"],\"username\":\"parley\","
        + "\"passwordFile\":\"" + secret + "\"},{\"name\":\"pbx\",\"username\":\"office\",\"password\":\"inline\"}]");
    assertEquals(List.of(new SipTrunk("carrier", Set.of("203.0.113.5"), "parley", "from-a-file"),
        new SipTrunk("pbx", Set.of(), "office", "inline")), trunks);
    assertTrue(trunks.get(1).serves("192.0.2.1"));
    assertFalse(trunks.get(0).serves("192.0.2.1"));
    assertFalse(trunks.get(0).toString().contains("from-a-file"), "never the password");
  }

  @Test
  void problemsNameTheEntryAndNeverThePassword(@TempDir Path dir) {
    String both = assertThrows(IllegalArgumentException.class, () -> SipTrunkList.parse(
        "[{\"name\":\"pbx\",\"username\":\"office\",\"password\":\"hunter2\",\"passwordFile\":\"/x\"}]")).getMessage();
    assertTrue(both.contains("entry 1 (\"pbx\")") && both.contains("one of them") && !both.contains("hunter2"), both);
    String missing = assertThrows(IllegalArgumentException.class, () -> SipTrunkList.parse(
        "[{\"name\":\"pbx\",\"username\":\"office\",\"passwordFile\":\"" + dir.resolve("absent") + "\"}]")).getMessage();
    assertTrue(missing.contains("cannot be read"), missing);
    String sources = assertThrows(IllegalArgumentException.class, () -> SipTrunkList.parse(
        "[{\"name\":\"pbx\",\"username\":\"office\",\"password\":\"hunter2\",\"sources\":\"10.0.0.1\"}]")).getMessage();
    assertTrue(sources.contains("sources must be an array") && !sources.contains("hunter2"), sources);
    assertThrows(IllegalArgumentException.class, () -> SipTrunkList.parse("[{\"name\":\"pbx\",\"password\":\"x\"}]"));
  }
}
