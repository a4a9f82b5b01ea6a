package io.parley.core.config;

/** A configuration value that cannot be used; the message names the environment variable to fix. */
public class InvalidSettingException extends RuntimeException {
  public InvalidSettingException(String message) {
    super(message);
  }
}
