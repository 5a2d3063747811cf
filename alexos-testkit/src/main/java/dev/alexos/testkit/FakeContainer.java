package dev.alexos.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A container of the {@link FakeDockerEngine}. Immutable; the engine replaces it when its state
 * changes.
 *
 * @param id 64 hex digits (derived from the name unless given)
 * @param name without the leading slash
 * @param image the image reference, e.g. {@code nginx:1.25}
 * @param imageId {@code sha256:...} of the image
 * @param state {@code created}, {@code running}, {@code exited} or {@code paused}
 * @param exitCode the last exit code
 * @param health {@code healthy}, {@code unhealthy}, {@code starting}, or null without a health check
 * @param labels container labels
 * @param env environment as {@code KEY=value} (secrets live here in real life: never show them)
 * @param created when it was created
 * @param startedAt when it last started, or null
 * @param finishedAt when it last stopped, or null
 */
public record FakeContainer(String id, String name, String image, String imageId, String state, int exitCode,
        String health, Map<String, String> labels, List<String> env, Instant created, Instant startedAt,
        Instant finishedAt) {

    public FakeContainer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        if (!List.of("created", "running", "exited", "paused").contains(state)) {
            throw new IllegalArgumentException("state must be created, running, exited or paused, was " + state);
        }
        labels = Map.copyOf(labels);
        env = List.copyOf(env);
    }

    /** Starts a container named {@code name} (running {@code busybox:latest} unless told otherwise). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A copy in another state. */
    public FakeContainer withState(String newState, int newExitCode, Instant startedAtValue, Instant finishedAtValue) {
        return new FakeContainer(id, name, image, imageId, newState, newExitCode, health, labels, env, created,
                startedAtValue, finishedAtValue);
    }

    /** A copy with another health. */
    public FakeContainer withHealth(String newHealth) {
        return new FakeContainer(id, name, image, imageId, state, exitCode, newHealth, labels, env, created, startedAt,
                finishedAt);
    }

    public boolean running() {
        return state.equals("running");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** Builds {@link FakeContainer}s. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String id;
        private String image = "busybox:latest";
        private String state = "running";
        private int exitCode;
        private String health;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final java.util.ArrayList<String> env = new java.util.ArrayList<>();
        private Instant created = VirtualClock.DEFAULT_START;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("container name must not be blank");
            }
            this.name = name.startsWith("/") ? name.substring(1) : name;
        }

        public Builder id(String value) {
            this.id = value;
            return this;
        }

        public Builder image(String value) {
            this.image = value;
            return this;
        }

        public Builder running() {
            this.state = "running";
            return this;
        }

        public Builder exited(int code) {
            this.state = "exited";
            this.exitCode = code;
            return this;
        }

        public Builder created() {
            this.state = "created";
            return this;
        }

        public Builder health(String value) {
            this.health = value;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder env(String keyEqualsValue) {
            env.add(keyEqualsValue);
            return this;
        }

        public Builder createdAt(Instant value) {
            this.created = value;
            return this;
        }

        public FakeContainer build() {
            String cid = id != null ? id : sha256("container:" + name);
            boolean run = state.equals("running");
            return new FakeContainer(cid, name, image, "sha256:" + sha256("image:" + image), state, exitCode, health,
                    labels, env, created, run ? created : null, state.equals("exited") ? created : null);
        }
    }
}
