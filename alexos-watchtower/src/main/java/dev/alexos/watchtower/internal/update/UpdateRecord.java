package dev.alexos.watchtower.internal.update;

import java.time.Instant;

/**
 * One update attempt, as kept in the history and written to the ledger.
 *
 * @param id attempt id
 * @param containerName the container's name (kept across the update)
 * @param oldContainerId the container before
 * @param newContainerId the container after ({@code null} when none was created or it was removed)
 * @param image the image reference
 * @param oldImageId local image id before
 * @param newImageId local image id after the pull
 * @param oldDigest repo digest before ({@code null} when unknown)
 * @param newDigest registry digest after
 * @param outcome {@code applied}, {@code rolled_back}, {@code failed} (nothing changed), {@code up_to_date}
 * @param reason why it failed or was rolled back ({@code null} when applied)
 * @param requestedBy who asked
 * @param startedAt start
 * @param finishedAt end
 */
public record UpdateRecord(String id, String containerName, String oldContainerId, String newContainerId, String image,
        String oldImageId, String newImageId, String oldDigest, String newDigest, String outcome, String reason,
        String requestedBy, Instant startedAt, Instant finishedAt) {

    public static final String APPLIED = "applied";
    public static final String ROLLED_BACK = "rolled_back";
    public static final String FAILED = "failed";
    public static final String UP_TO_DATE = "up_to_date";

    public long durationMs() {
        return finishedAt == null || startedAt == null ? 0 : java.time.Duration.between(startedAt, finishedAt).toMillis();
    }
}
