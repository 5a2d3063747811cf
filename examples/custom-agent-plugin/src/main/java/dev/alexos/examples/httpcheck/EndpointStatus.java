package dev.alexos.examples.httpcheck;

import java.time.Instant;

/**
 * What the checker knows about one endpoint.
 *
 * @param url the endpoint, without credentials or query (safe to show)
 * @param state {@code unknown} before the first probe, then {@code up} or {@code down}
 * @param lastStatusCode HTTP status of the last probe, or 0 when it got no answer
 * @param lastError why the last probe failed, or null
 * @param consecutiveFailures failed probes in a row
 * @param lastChecked when it was last probed, or null
 * @param since when it entered its current state, or null
 */
public record EndpointStatus(String url, String state, int lastStatusCode, String lastError, int consecutiveFailures,
        Instant lastChecked, Instant since) {
}
