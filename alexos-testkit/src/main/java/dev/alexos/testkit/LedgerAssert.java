package dev.alexos.testkit;

import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.VerifyReport;
import dev.alexos.testkit.internal.JsonMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Ledger} (any implementation: the kit's {@link CapturingLedger} or a
 * real file ledger). Reads all entries from sequence 1.
 *
 * <pre>{@code
 * assertThat(kit.ledger()).verifies().hasEntry("httpcheck.endpoint_down", Map.of("url", url));
 * }</pre>
 */
public final class LedgerAssert extends AbstractAssert<LedgerAssert, Ledger> {

    LedgerAssert(Ledger actual) {
        super(actual, LedgerAssert.class);
    }

    /** {@link Ledger#verify()} reports an intact chain; otherwise fails naming the first bad entry. */
    public LedgerAssert verifies() {
        isNotNull();
        VerifyReport r = actual.verify();
        if (!r.ok()) {
            failWithMessage("Expected the ledger to verify but entry seq %s is damaged: %s (%d entries checked before it)",
                    r.firstBadSeq(), r.problem(), r.entriesChecked());
        }
        return this;
    }

    /** {@link Ledger#verify()} reports damage at entry {@code seq}. */
    public LedgerAssert failsVerificationAt(long seq) {
        isNotNull();
        VerifyReport r = actual.verify();
        if (r.ok() || r.firstBadSeq() == null || r.firstBadSeq() != seq) {
            failWithMessage("Expected the ledger to fail verification at seq %d but the report was %s", seq, r);
        }
        return this;
    }

    /** There is an entry of this type. */
    public LedgerAssert hasEntry(String type) {
        isNotNull();
        List<LedgerEntry> all = all();
        if (all.stream().noneMatch(e -> e.type().equals(type))) {
            failWithMessage("Expected a ledger entry of type <%s> but the %d entries were:%n%s", type, all.size(),
                    describe(all));
        }
        return this;
    }

    /** There is an entry of this type whose payload has every given (dotted) field equal to the value. */
    public LedgerAssert hasEntry(String type, Map<String, ?> fields) {
        isNotNull();
        List<LedgerEntry> all = all();
        if (all.stream().noneMatch(e -> e.type().equals(type) && JsonMatch.containsAll(e.payload(), fields))) {
            failWithMessage("Expected a ledger entry <%s> with payload containing %s but the %d entries were:%n%s",
                    type, fields, all.size(), describe(all));
        }
        return this;
    }

    /** No entry has this type. */
    public LedgerAssert hasNoEntry(String type) {
        isNotNull();
        List<LedgerEntry> found = all().stream().filter(e -> e.type().equals(type)).toList();
        if (!found.isEmpty()) {
            failWithMessage("Expected no ledger entry of type <%s> but found:%n%s", type, describe(found));
        }
        return this;
    }

    /** Exactly {@code count} entries in all. */
    public LedgerAssert hasSize(long count) {
        isNotNull();
        if (actual.headSeq() != count) {
            failWithMessage("Expected %d ledger entries but there were %d:%n%s", count, actual.headSeq(),
                    describe(all()));
        }
        return this;
    }

    /** Exactly {@code count} entries of this type. */
    public LedgerAssert hasEntryCount(String type, int count) {
        isNotNull();
        long n = all().stream().filter(e -> e.type().equals(type)).count();
        if (n != count) {
            failWithMessage("Expected %d ledger entries of type <%s> but found %d:%n%s", count, type, n,
                    describe(all()));
        }
        return this;
    }

    private List<LedgerEntry> all() {
        List<LedgerEntry> out = new ArrayList<>();
        long from = 1;
        while (true) {
            List<LedgerEntry> page = actual.read(from, 1000);
            out.addAll(page);
            if (page.size() < 1000) {
                return out;
            }
            from = page.get(page.size() - 1).seq() + 1;
        }
    }

    private static String describe(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return "  (none)";
        }
        List<String> lines = new ArrayList<>();
        for (LedgerEntry e : entries.subList(0, Math.min(30, entries.size()))) {
            lines.add("  #" + e.seq() + " " + e.type() + " " + e.payload());
        }
        if (entries.size() > 30) {
            lines.add("  ... and " + (entries.size() - 30) + " more");
        }
        return String.join(System.lineSeparator(), lines);
    }
}
