package io.parley.http;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How staff accounts sign in ({@code parley.staff}): how long a sign-in lasts, after how many wrong
 * passwords for an email from an address, or from an address, each further try waits and at most how
 * long, how many attempts an address may make a minute, how long setup and invitation links work,
 * and the node's public address for the links it gives.
 */
record StaffSettings(Duration session, int freeWrongPasswords, int freeWrongPasswordsPerAddress, Duration longestWait,
    int attemptsPerMinute, Duration setupLink, Duration invitation, Optional<URI> publicUrl) {
  static StaffSettings create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    return new StaffSettings(
        settings.duration("parley.staff.session", "PARLEY_STAFF_SESSION"),
        settings.positiveInt("parley.staff.free-wrong-passwords", "PARLEY_STAFF_FREE_WRONG_PASSWORDS"),
        settings.positiveInt("parley.staff.free-wrong-passwords-per-address", "PARLEY_STAFF_FREE_WRONG_PASSWORDS_PER_ADDRESS"),
        settings.duration("parley.staff.longest-wait", "PARLEY_STAFF_LONGEST_WAIT"),
        settings.positiveInt("parley.staff.attempts-per-minute", "PARLEY_STAFF_ATTEMPTS_PER_MINUTE"),
        settings.duration("parley.staff.setup-link", "PARLEY_STAFF_SETUP_LINK"),
        settings.duration("parley.staff.invitation", "PARLEY_STAFF_INVITATION"),
        settings.optionalHttpUrl("parley.staff.public-url", "PARLEY_PUBLIC_URL"));
  }
}
