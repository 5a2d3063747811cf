package dev.alexos.core.config;

/**
 * Invalid configuration. The message names the key, the (redacted if secret) value and what is
 * allowed, e.g. {@code WATCHTOWER_PORT (server.port) = "80a": expected an integer in [1, 65535]}.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String value;
    private final String allowed;

    public ConfigException(String key, String value, String allowed) {
        super(key + " = " + (value == null ? "(missing)" : "\"" + value + "\"") + ": " + allowed);
        this.key = key;
        this.value = value;
        this.allowed = allowed;
    }

    /**
     * An exception with a message of the caller's making, for failures the
     * {@code key = "value": allowed} form does not fit (a value from an environment variable,
     * a malformed file).
     *
     * @param message the full message (must not contain a secret value)
     * @param key the configuration key (or the file) concerned
     * @param value the offending value, already redacted when secret, or {@code null}
     * @param allowed what is allowed
     * @param cause the underlying failure, or {@code null}
     */
    public ConfigException(String message, String key, String value, String allowed, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.value = value;
        this.allowed = allowed;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public String allowed() {
        return allowed;
    }
}
