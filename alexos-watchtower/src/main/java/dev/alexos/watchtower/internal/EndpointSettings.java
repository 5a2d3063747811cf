package dev.alexos.watchtower.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * One Docker endpoint to watch.
 *
 * @param name short name, shown on every container of this endpoint (e.g. {@code local})
 * @param host {@code unix:///var/run/docker.sock} or {@code tcp://host:2376}
 * @param tlsVerify whether to use TLS with the certificates in {@code certPath}
 * @param certPath directory with {@code ca.pem}, {@code cert.pem}, {@code key.pem}, or {@code null}
 * @param timeout connect and response timeout of requests
 */
public record EndpointSettings(String name, String host, boolean tlsVerify, String certPath, Duration timeout) {
    public EndpointSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }
}
