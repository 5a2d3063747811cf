package dev.alexos.core.compliance;

import java.time.Instant;
import java.util.List;

/**
 * All checks evaluated at one time, and the score computed from them: the weighted share of
 * applicable checks that pass (WARN counts half, ERROR and FAIL count zero), 0–100.
 *
 * @param results every check's result
 * @param score 0–100, or {@code null} when no check applies
 * @param evaluatedAt when
 */
public record ComplianceReport(List<ComplianceResult> results, Double score, Instant evaluatedAt) {

    public ComplianceReport {
        results = List.copyOf(results);
    }

    /** Computes the report's score from results. */
    public static ComplianceReport of(List<ComplianceResult> results, Instant at) {
        double total = 0;
        double earned = 0;
        for (ComplianceResult r : results) {
            if (r.status() == ComplianceResult.Status.NOT_APPLICABLE) {
                continue;
            }
            int w = r.severity().weight();
            total += w;
            if (r.status() == ComplianceResult.Status.PASS) {
                earned += w;
            } else if (r.status() == ComplianceResult.Status.WARN) {
                earned += w / 2.0;
            }
        }
        Double score = total == 0 ? null : Math.round(earned / total * 1000.0) / 10.0;
        return new ComplianceReport(results, score, at);
    }
}
