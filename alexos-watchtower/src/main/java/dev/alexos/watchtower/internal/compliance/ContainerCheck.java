package dev.alexos.watchtower.internal.compliance;

import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.compliance.ComplianceResult;
import dev.alexos.core.compliance.Evidence;
import dev.alexos.watchtower.ContainerInfo;
import dev.alexos.watchtower.internal.Watchtower;
import dev.alexos.watchtower.internal.monitor.EndpointMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A posture check over every container's inspect data, as the engines report it now.
 * Containers whose {@code finding} returns a value fail (or warn); the value is the evidence.
 * Thread-safe.
 */
final class ContainerCheck implements ComplianceCheck {

    /** Says what is wrong with one container, or empty. Receives the redacted inspect document. */
    interface Finding extends Function<EndpointMonitor.Tracked, Optional<Evidence>> {
    }

    private final Watchtower watchtower;
    private final String id;
    private final String title;
    private final ComplianceResult.Severity severity;
    private final ComplianceResult.Status whenFound;
    private final String problem;
    private final String remediation;
    private final Finding finding;

    ContainerCheck(Watchtower watchtower, String id, String title, ComplianceResult.Severity severity,
            ComplianceResult.Status whenFound, String problem, String remediation, Finding finding) {
        this.watchtower = watchtower;
        this.id = id;
        this.title = title;
        this.severity = severity;
        this.whenFound = whenFound;
        this.problem = problem;
        this.remediation = remediation;
        this.finding = finding;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public ComplianceResult.Severity severity() {
        return severity;
    }

    @Override
    public ComplianceResult evaluate() {
        if (!watchtower.isRunning()) {
            return result(ComplianceResult.Status.ERROR, "Watchtower is not running", List.of(), null);
        }
        List<EndpointMonitor> monitors = watchtower.monitors();
        List<String> down = monitors.stream().filter(m -> !m.isUp()).map(EndpointMonitor::name).toList();
        if (!monitors.isEmpty() && down.size() == monitors.size()) {
            return result(ComplianceResult.Status.ERROR, "no Docker endpoint is reachable: " + down, List.of(), null);
        }
        List<Evidence> evidence = new ArrayList<>();
        int checked = 0;
        for (EndpointMonitor m : monitors) {
            if (!m.isUp()) {
                continue;
            }
            for (EndpointMonitor.Tracked t : m.containers()) {
                checked++;
                finding.apply(t).ifPresent(evidence::add);
            }
        }
        String partial = down.isEmpty() ? "" : " (unreachable, not checked: " + down + ")";
        if (checked == 0) {
            return result(ComplianceResult.Status.NOT_APPLICABLE, "no containers" + partial, List.of(), null);
        }
        if (evidence.isEmpty()) {
            return result(ComplianceResult.Status.PASS, "none of " + checked + " containers " + problem + partial,
                    List.of(), null);
        }
        return result(whenFound, evidence.size() + " of " + checked + " containers " + problem + partial, evidence,
                remediation);
    }

    static String subject(ContainerInfo c) {
        return "container:" + c.name() + " (" + c.shortId() + ") on " + c.endpoint();
    }

}
