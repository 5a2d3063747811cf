package dev.alexos.watchtower;

import java.time.Instant;

/**
 * One line of a container's log.
 *
 * @param time when the engine recorded it
 * @param stream {@code stdout} or {@code stderr} ({@code stdout} for containers with a TTY,
 *     where the engine cannot tell them apart)
 * @param line the text, without the trailing newline
 */
public record LogLine(Instant time, String stream, String line) {
}
