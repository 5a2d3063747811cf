package dev.alexos.watchtower.internal.update;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed image reference, normalised the way the Docker CLI does it: {@code busybox} is
 * {@code docker.io/library/busybox:latest}; {@code 127.0.0.1:5000/app} is registry
 * {@code 127.0.0.1:5000}, repository {@code app}, tag {@code latest}.
 *
 * @param registry registry host[:port] ({@code docker.io} for Docker Hub)
 * @param repository repository path ({@code library/busybox})
 * @param tag tag, or {@code null} when pinned by digest only
 * @param digest {@code sha256:...} when the reference pins a digest, else {@code null}
 */
public record ImageRef(String registry, String repository, String tag, String digest) {
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
    private static final Pattern REPO = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    public static final String DOCKER_HUB = "docker.io";

    public ImageRef {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
    }

    /**
     * Parses a reference.
     *
     * @throws IllegalArgumentException naming the reference and what is wrong with it
     */
    public static ImageRef parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("image reference is empty");
        }
        String rest = reference.trim();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException("image reference '" + reference + "': invalid digest '" + digest + "'");
            }
        }
        String tag = null;
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("image reference '" + reference + "': invalid tag '" + tag + "'");
            }
        }
        String registry = DOCKER_HUB;
        int first = rest.indexOf('/');
        if (first > 0) {
            String head = rest.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
                registry = head;
                rest = rest.substring(first + 1);
            }
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (!REPO.matcher(rest).matches()) {
            throw new IllegalArgumentException("image reference '" + reference + "': invalid repository '" + rest + "'");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageRef(registry.toLowerCase(Locale.ROOT), rest, tag, digest);
    }

    /** True when the reference names a digest: such images are never updated. */
    public boolean pinnedByDigest() {
        return digest != null;
    }

    /** The host to call for the registry API ({@code registry-1.docker.io} for Docker Hub). */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    /** Loopback registries are spoken to over plain HTTP, as Docker does; all others over HTTPS. */
    public boolean plainHttp() {
        String host = registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    /** The key that identifies "the same image" for one check per image: registry/repository:tag. */
    public String key() {
        return registry + "/" + repository + ":" + tag;
    }

    /** The repo-digest form Docker reports in {@code RepoDigests}: {@code repo@sha256:...}. */
    public String repoDigestPrefix() {
        String repo = registry.equals(DOCKER_HUB)
                ? (repository.startsWith("library/") ? repository.substring(8) : repository)
                : registry + "/" + repository;
        return repo + "@";
    }

    @Override
    public String toString() {
        return key() + (digest == null ? "" : "@" + digest);
    }
}
