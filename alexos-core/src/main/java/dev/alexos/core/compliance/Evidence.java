package dev.alexos.core.compliance;

/**
 * What a compliance finding is based on.
 *
 * @param subject the thing checked, e.g. {@code container:web-1 (3f2a1b)} or {@code ledger}
 * @param setting the setting, e.g. {@code HostConfig.Privileged}
 * @param value the observed value (never a secret)
 */
public record Evidence(String subject, String setting, String value) {
}
