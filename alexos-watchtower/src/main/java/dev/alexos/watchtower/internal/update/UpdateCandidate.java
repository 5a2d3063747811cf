package dev.alexos.watchtower.internal.update;

/**
 * The update state of one container after a check.
 *
 * @param endpoint the engine it runs on
 * @param containerId its id
 * @param containerName its name
 * @param image its image reference
 * @param currentDigest the digest of its local image for that reference ({@code null} when unknown)
 * @param newDigest the registry's digest now ({@code null} when the check failed)
 * @param updateAvailable the registry has a different build
 * @param monitorOnly detect only
 * @param error why the check failed, or {@code null}
 */
public record UpdateCandidate(String endpoint, String containerId, String containerName, String image, String currentDigest,
        String newDigest, boolean updateAvailable, boolean monitorOnly, String error) {
}
