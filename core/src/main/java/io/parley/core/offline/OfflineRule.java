package io.parley.core.offline;

import java.util.List;
import java.util.regex.Pattern;

/** One intent of the offline responder: any of its patterns found in a message selects its answer (offline.answer.<id> in the language packs). */
record OfflineRule(String id, List<Pattern> patterns) {
  OfflineRule {
    patterns = List.copyOf(patterns);
  }

  boolean matches(String text) {
    for (Pattern pattern : patterns) {
      if (pattern.matcher(text).find()) return true;
    }
    return false;
  }
}
