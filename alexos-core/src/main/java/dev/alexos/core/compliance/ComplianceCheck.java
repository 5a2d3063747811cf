package dev.alexos.core.compliance;

import java.util.List;

/**
 * A real compliance check contributed by a module (container posture, ledger integrity, auth
 * configured, secrets hygiene). Evaluated live for the Compliance tab and
 * {@code /api/compliance}.
 *
 * <p>Implementations compute results from the real state each time; they must not cache a
 * verdict for longer than the data it came from. Thread-safe.
 */
public interface ComplianceCheck {

    /** Stable id, e.g. {@code watchtower.privileged_containers}. */
    String id();

    /** Short title, e.g. "No privileged containers". */
    String title();

    /** How bad a failure is (weights the score). */
    ComplianceResult.Severity severity();

    /**
     * Evaluates the check now.
     *
     * @return one result (with all its evidence); a check that cannot run (e.g. Docker is
     *     unreachable) returns status {@link ComplianceResult.Status#ERROR} with the reason
     */
    ComplianceResult evaluate();

    /** Convenience for results of this check. */
    default ComplianceResult result(ComplianceResult.Status status, String summary, List<Evidence> evidence,
            String remediation) {
        return new ComplianceResult(id(), title(), severity(), status, summary, evidence, remediation);
    }
}
