package dev.alexos.watchtower;

import java.time.Instant;

/**
 * One resource-usage sample of a running container.
 *
 * @param time when the engine read it
 * @param cpuPercent CPU use in percent of one core times the online cores (as {@code docker stats}),
 *     or {@code null} when there is no earlier sample to compare with yet
 * @param memoryUsage memory in use, bytes (page cache excluded, as {@code docker stats})
 * @param memoryLimit memory limit, bytes (the host's memory when unlimited)
 * @param memoryPercent {@code memoryUsage / memoryLimit} in percent
 * @param networkRx bytes received, all interfaces
 * @param networkTx bytes sent, all interfaces
 * @param blockRead bytes read from block devices
 * @param blockWrite bytes written to block devices
 * @param pids number of processes
 */
public record StatsSample(
        Instant time, Double cpuPercent, long memoryUsage, long memoryLimit, double memoryPercent,
        long networkRx, long networkTx, long blockRead, long blockWrite, long pids) {
}
