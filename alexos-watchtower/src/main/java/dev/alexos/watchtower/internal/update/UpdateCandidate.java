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
 * @param publishedAt when the new image was built (its config's {@code created}, from the
 *     registry), or {@code null} when unknown or not needed (no cool-down, no update pending)
 * @param coolDownUntil with a cool-down and an update pending: when it may be applied
 * @param coolDownBasis what the cool-down counts from: {@code image_created}, or
 *     {@code first_seen (...)} with why the registry's creation time could not be used
 */
public record UpdateCandidate(String endpoint, String containerId, String containerName, String image, String currentDigest,
        String newDigest, boolean updateAvailable, boolean monitorOnly, String error, java.time.Instant publishedAt,
        java.time.Instant coolDownUntil, String coolDownBasis) {
}
