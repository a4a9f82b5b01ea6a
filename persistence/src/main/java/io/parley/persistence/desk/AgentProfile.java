package io.parley.persistence.desk;

import io.parley.core.net.BrowserLoadedHost;
import java.net.URI;
import java.util.Optional;

/**
 * What customers see of an agent besides the words: the name shown on the agent's messages and
 * join notices (none: the name the console signed in with), and a picture. The picture is an
 * https URL that the customer's browser loads; no node ever fetches it, so it cannot make a node
 * reach its own network. An address that names the loopback or a private host is refused all the
 * same, as a browser reads the host ({@link BrowserLoadedHost}), so a picture cannot probe the
 * customer's own network either.
 */
public record AgentProfile(Optional<String> displayName, Optional<String> pictureUrl) {
  public static final int MAX_NAME = 64;
  public static final int MAX_URL = 500;
  public static final AgentProfile NONE = new AgentProfile(Optional.empty(), Optional.empty());

  /** The profile as written, blanks read as none; an unfit name or URL throws {@code IllegalArgumentException}. */
  public static AgentProfile of(Optional<String> displayName, Optional<String> pictureUrl) {
    Optional<String> name = displayName.map(String::strip).filter(n -> !n.isEmpty());
    if (name.isPresent() && (name.get().length() > MAX_NAME || name.get().chars().anyMatch(Character::isISOControl))) {
      throw new IllegalArgumentException("displayName must be at most " + MAX_NAME + " characters, without control characters");
    }
    Optional<String> picture = pictureUrl.map(String::strip).filter(u -> !u.isEmpty());
    picture.ifPresent(AgentProfile::checkPicture);
    return new AgentProfile(name, picture);
  }

  /**
   * The name customers see: the display name, else {@code signedInAs}; never an email address (a
   * staff member signs in as theirs): of one, only the part before the {@code @}.
   */
  public String shownName(String signedInAs) {
    int at = signedInAs.indexOf('@');
    return displayName.orElse(at > 0 ? signedInAs.substring(0, at) : signedInAs);
  }

  private static void checkPicture(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pictureUrl must be an https URL, got an unreadable one");
    }
    if (url.length() > MAX_URL || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null
        || uri.getRawAuthority().contains("@")) {
      throw new IllegalArgumentException("pictureUrl must be an https URL of at most " + MAX_URL
          + " characters, without a user name or password");
    }
    BrowserLoadedHost.refusal(uri).ifPresent(why -> {
      throw new IllegalArgumentException("pictureUrl must name a public host by its name: " + why);
    });
  }
}
