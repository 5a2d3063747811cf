package dev.alexos.core.internal.runtime;

import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.compliance.ComplianceResult;
import dev.alexos.core.compliance.Evidence;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.ledger.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Compliance: the ledger's hash chain is intact. Runs {@link Ledger#verify()} each time it is
 * evaluated (no cached verdict); the head hash is the evidence an auditor can compare with a
 * copy taken earlier.
 */
public final class LedgerIntegrityCheck implements ComplianceCheck {
    private final Supplier<Ledger> ledger;

    public LedgerIntegrityCheck(Supplier<Ledger> ledger) {
        this.ledger = ledger;
    }

    @Override
    public String id() {
        return "core.ledger_integrity";
    }

    @Override
    public String title() {
        return "Audit ledger hash chain is intact";
    }

    @Override
    public ComplianceResult.Severity severity() {
        return ComplianceResult.Severity.CRITICAL;
    }

    @Override
    public ComplianceResult evaluate() {
        Ledger l = ledger.get();
        if (l == null) {
            return result(ComplianceResult.Status.ERROR, "the ledger is not open", List.of(),
                    "Start the runtime so that the ledger is opened.");
        }
        VerifyReport r;
        try {
            r = l.verify();
        } catch (RuntimeException e) {
            return result(ComplianceResult.Status.ERROR, "the ledger could not be verified: " + e.getMessage(),
                    List.of(), "Check that the ledger directory is readable.");
        }
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("ledger", "entries_checked", String.valueOf(r.entriesChecked())));
        evidence.add(new Evidence("ledger", "head_hash", r.headHash()));
        if (r.ok()) {
            return result(ComplianceResult.Status.PASS, r.entriesChecked() + " entries verified, hash chain intact",
                    evidence, null);
        }
        evidence.add(new Evidence("ledger", "first_bad_seq", String.valueOf(r.firstBadSeq())));
        return result(ComplianceResult.Status.FAIL, "entry #" + r.firstBadSeq() + " is damaged: " + r.problem(),
                evidence, "Entries from #" + r.firstBadSeq() + " on cannot be trusted: restore the ledger directory "
                        + "from a backup and find out what altered it.");
    }
}
