package io.parley.persistence;

import io.parley.core.identity.Role;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Roles as one text column (of API keys, of audit entries): their wire names, sorted, comma-separated. */
public final class RolesColumn {
  private RolesColumn() {}

  public static String write(Set<Role> roles) {
    return roles.stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
  }

  /** @throws IllegalStateException for a name no role has, naming {@code table} */
  public static Set<Role> read(String column, String table) {
    if (column.isEmpty()) return Set.of();
    return Arrays.stream(column.split(","))
        .map(name -> Role.fromWireName(name)
            .orElseThrow(() -> new IllegalStateException("unknown role in " + table + ": " + name)))
        .collect(Collectors.toUnmodifiableSet());
  }
}
