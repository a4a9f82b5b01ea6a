package io.parley.http;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import io.parley.core.identity.staff.PasswordCost;
import io.parley.core.identity.staff.StaffAccountStore;
import io.parley.core.identity.staff.StaffLinks;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How staff accounts sign in ({@code parley.staff}): how long a sign-in lasts, after how many wrong
 * passwords for an email from an address, or from an address, each further try waits and at most how
 * long, how many attempts an address may make a minute, how long setup and invitation links work,
 * the node's public address for the links it gives, and the cost of a new password's hash.
 */
record StaffSettings(Duration session, int freeWrongPasswords, int freeWrongPasswordsPerAddress, Duration longestWait,
    int attemptsPerMinute, Duration setupLink, Duration invitation, Optional<URI> publicUrl, PasswordCost passwordCost) {
  static StaffSettings create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    PasswordCost passwordCost = new PasswordCost(settings.intAtLeast("parley.staff.password-memory-kib",
        "PARLEY_STAFF_PASSWORD_MEMORY_KIB", PasswordCost.LEAST_MEMORY_KIB),
        settings.positiveInt("parley.staff.password-passes", "PARLEY_STAFF_PASSWORD_PASSES"));
    return new StaffSettings(
        settings.duration("parley.staff.session", "PARLEY_STAFF_SESSION"),
        settings.positiveInt("parley.staff.free-wrong-passwords", "PARLEY_STAFF_FREE_WRONG_PASSWORDS"),
        settings.positiveInt("parley.staff.free-wrong-passwords-per-address", "PARLEY_STAFF_FREE_WRONG_PASSWORDS_PER_ADDRESS"),
        settings.duration("parley.staff.longest-wait", "PARLEY_STAFF_LONGEST_WAIT"),
        settings.positiveInt("parley.staff.attempts-per-minute", "PARLEY_STAFF_ATTEMPTS_PER_MINUTE"),
        settings.duration("parley.staff.setup-link", "PARLEY_STAFF_SETUP_LINK"),
        settings.duration("parley.staff.invitation", "PARLEY_STAFF_INVITATION"),
        settings.optionalHttpUrl("parley.staff.public-url", "PARLEY_PUBLIC_URL"), passwordCost);
  }

  /** The links of accounts kept in {@code store}, valid as long as these settings say. */
  StaffLinks links(StaffAccountStore store, Clock clock) {
    return new StaffLinks(store, setupLink, invitation, passwordCost, clock);
  }

  /** Where the links a node prints point: its public URL, else its own HTTP address ({@code localhost} for all interfaces). */
  String pagesAt(String httpHost, int httpPort) {
    return publicUrl.map(URI::toString).orElse("http://" + (httpHost.equals("0.0.0.0") ? "localhost" : httpHost) + ":" + httpPort);
  }
}
