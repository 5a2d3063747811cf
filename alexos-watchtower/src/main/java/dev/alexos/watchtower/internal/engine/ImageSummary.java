package dev.alexos.watchtower.internal.engine;

import java.time.Instant;
import java.util.List;

/**
 * A local image.
 *
 * @param id image id
 * @param tags repository tags ({@code <none>:<none>} left out)
 * @param digests repository digests
 * @param size bytes
 * @param created when it was built
 */
public record ImageSummary(String id, List<String> tags, List<String> digests, long size, Instant created) {
    public ImageSummary {
        tags = List.copyOf(tags == null ? List.of() : tags);
        digests = List.copyOf(digests == null ? List.of() : digests);
    }
}
