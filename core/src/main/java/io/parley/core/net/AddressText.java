package io.parley.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An address as people write it: IPv6 in RFC 5952's short form ({@code 64:ff9b::7f00:1}), without a scope. */
final class AddressText {
  private AddressText() {}

  static String of(InetAddress address) {
    if (address instanceof Inet4Address) return address.getHostAddress();
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) groups[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) j++;
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') text.append(':');
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
