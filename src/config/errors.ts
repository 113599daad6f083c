/**
 * Names shared by every reader of the project config, kept apart from the
 * YAML parser so that a command can name them without loading it.
 */
export const CONFIG_FILE = '.mamori.yml';

/** A mistake in the config file; the message names the file and line. */
export class ConfigError extends Error {}
