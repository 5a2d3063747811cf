package dev.alexos.chainbot.internal.workflow;

import java.time.Duration;

/**
 * Engine limits and options (configuration section {@code chainbot.workflows}).
 *
 * @param maxConcurrentRuns runs executing at once (sub-workflow runs do not count); more wait in the queue
 * @param queueCapacity runs that may wait for a slot; beyond it, starting a run is refused
 * @param installExamples copy the shipped example workflows into the definitions directory when absent
 * @param retention finished runs older than this are deleted (checked hourly); {@code null} keeps all
 * @param source the agent id used as the source of events
 */
public record EngineSettings(int maxConcurrentRuns, int queueCapacity, boolean installExamples, Duration retention, String source) {

    public EngineSettings {
        if (maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("maxConcurrentRuns must be >= 1");
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity must be >= 0");
        }
        source = source == null ? "chainbot-001" : source;
    }

    public static EngineSettings defaults() {
        return new EngineSettings(1000, 10_000, true, Duration.ofDays(30), "chainbot-001");
    }
}
