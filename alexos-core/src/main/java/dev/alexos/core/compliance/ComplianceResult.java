package dev.alexos.core.compliance;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Result of one {@link ComplianceCheck}.
 *
 * @param checkId the check's id
 * @param title the check's title
 * @param severity weight in the score
 * @param status verdict
 * @param summary one sentence: what was found
 * @param evidence what it was found on (which container, which setting)
 * @param remediation how to fix it ({@code null} when passing)
 */
public record ComplianceResult(String checkId, String title, Severity severity, Status status, String summary,
        List<Evidence> evidence, String remediation) {

    /** Verdicts. */
    public enum Status {
        PASS, WARN, FAIL, ERROR, NOT_APPLICABLE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Weights: LOW 1, MEDIUM 2, HIGH 4, CRITICAL 8. */
    public enum Severity {
        LOW(1), MEDIUM(2), HIGH(4), CRITICAL(8);

        private final int weight;

        Severity(int weight) {
            this.weight = weight;
        }

        public int weight() {
            return weight;
        }

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ComplianceResult {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        evidence = List.copyOf(evidence == null ? List.of() : evidence);
        summary = summary == null ? "" : summary;
    }
}
