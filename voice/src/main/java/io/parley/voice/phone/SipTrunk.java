package io.parley.voice.phone;

import java.util.Set;

/**
 * A SIP trunk (a carrier's or a PBX's) that authenticates its calls with a digest of its
 * credentials.
 *
 * @param sources the addresses its calls come from; empty: any address
 */
public record SipTrunk(String name, Set<String> sources, String username, String password) {
  public SipTrunk {
    sources = Set.copyOf(sources);
  }

  /** Whether a call from {@code source} is this trunk's to authenticate. */
  public boolean serves(String source) {
    return sources.isEmpty() || sources.contains(source);
  }

  /** Never the password: trunks end up in logs and error messages. */
  @Override
  public String toString() {
    return "SipTrunk[" + name + ", sources=" + sources + ", username=" + username + "]";
  }
}
