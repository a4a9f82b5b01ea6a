package io.parley.tools.kb.sources;

import java.util.List;

/**
 * Which paths of a site a source reads: globs over the URL's path, where {@code *} stands for any
 * run of characters (slashes too) and {@code ?} for one. Globs rather than regular expressions: a
 * glob is matched in time bounded by its length times the path's, with no backtracking a tenant
 * could make explode, so a source's patterns need no budget of their own.
 */
record PathPatterns(List<String> include, List<String> exclude) {
  static final int MAX_PATTERNS = 50;
  static final int MAX_PATTERN_CHARS = 200;

  static void validate(List<String> globs, String what) {
    if (globs.size() > MAX_PATTERNS) {
      throw new IllegalArgumentException(what + " holds " + globs.size() + " patterns; the limit is " + MAX_PATTERNS);
    }
    for (String glob : globs) {
      if (glob.isEmpty() || glob.length() > MAX_PATTERN_CHARS || glob.charAt(0) != '/') {
        throw new IllegalArgumentException(what + " patterns are paths starting with /, at most " + MAX_PATTERN_CHARS
            + " characters, such as /help/*; got '" + glob + "'");
      }
    }
  }

  /** Whether {@code path} matches an include (or there are none) and no exclude. */
  boolean admits(String path) {
    return (include.isEmpty() || include.stream().anyMatch(glob -> matches(glob, path)))
        && exclude.stream().noneMatch(glob -> matches(glob, path));
  }

  static boolean matches(String glob, String path) {
    return matches(glob, path, true);
  }

  /**
   * The glob matcher that keeps only the last star's restart point: linear in practice, quadratic at
   * worst. {@code anyOne}: whether {@code ?} stands for any one character, or only for itself.
   */
  static boolean matches(String glob, String path, boolean anyOne) {
    int g = 0;
    int p = 0;
    int star = -1;
    int resume = 0;
    while (p < path.length()) {
      if (g < glob.length() && ((anyOne && glob.charAt(g) == '?') || glob.charAt(g) == path.charAt(p))) {
        g++;
        p++;
      } else if (g < glob.length() && glob.charAt(g) == '*') {
        star = g++;
        resume = p;
      } else if (star >= 0) {
        g = star + 1;
        p = ++resume;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') g++;
    return g == glob.length();
  }
}
