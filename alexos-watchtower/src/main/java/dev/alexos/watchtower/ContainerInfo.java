package dev.alexos.watchtower;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One container as Watchtower sees it: the live inventory entry, computed from the engine's
 * inspect data. Environment variable values never appear here, only their names.
 *
 * @param id full container id (64 hex)
 * @param name name without the leading slash
 * @param image the image reference the container was created from, e.g. {@code nginx:1.25}
 * @param imageId the image id ({@code sha256:...})
 * @param status lifecycle status: {@code created}, {@code running}, {@code paused},
 *     {@code restarting}, {@code removing}, {@code exited}, {@code dead}
 * @param state a short human description, e.g. {@code running (healthy)}, {@code exited (137)}
 * @param health {@code healthy}, {@code unhealthy}, {@code starting}, or {@code none} without a health check
 * @param created creation time
 * @param startedAt last start, or {@code null} when never started
 * @param finishedAt last exit, or {@code null}
 * @param exitCode last exit code (0 when never exited)
 * @param oomKilled whether the last exit was an out-of-memory kill
 * @param restartCount restarts done by the engine's restart policy
 * @param ports published and exposed ports
 * @param labels container labels
 * @param networks names of the networks it is attached to
 * @param mounts volumes and bind mounts
 * @param endpoint name of the Docker endpoint it runs on
 * @param envNames names of its environment variables (values are never kept)
 */
public record ContainerInfo(
        String id, String name, String image, String imageId, String status, String state, String health,
        Instant created, Instant startedAt, Instant finishedAt, int exitCode, boolean oomKilled, int restartCount,
        List<Port> ports, Map<String, String> labels, List<String> networks, List<Mount> mounts, String endpoint,
        List<String> envNames) {

    public ContainerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        ports = List.copyOf(ports == null ? List.of() : ports);
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        networks = List.copyOf(networks == null ? List.of() : networks);
        mounts = List.copyOf(mounts == null ? List.of() : mounts);
        envNames = List.copyOf(envNames == null ? List.of() : envNames);
        health = health == null ? "none" : health;
    }

    /** The first 12 characters of the id, as the Docker CLI shows it. */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * A port of the container.
     *
     * @param containerPort port inside the container
     * @param protocol {@code tcp}, {@code udp} or {@code sctp}
     * @param hostIp host address it is published on, or {@code null} when only exposed
     * @param hostPort host port, or {@code null} when only exposed
     */
    public record Port(int containerPort, String protocol, String hostIp, Integer hostPort) {
    }

    /**
     * A mount of the container.
     *
     * @param type {@code bind}, {@code volume}, {@code tmpfs}, ...
     * @param source host path or volume name
     * @param destination path inside the container
     * @param readWrite whether it is writable
     */
    public record Mount(String type, String source, String destination, boolean readWrite) {
    }
}
