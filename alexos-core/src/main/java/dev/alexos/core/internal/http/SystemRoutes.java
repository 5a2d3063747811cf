package dev.alexos.core.internal.http;

import dev.alexos.core.AlexOs;
import dev.alexos.core.compliance.ComplianceReport;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.Replay;
import dev.alexos.core.event.TopicPattern;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRequest;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.VerifyReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only views of the core: events, ledger, compliance, plugins. */
final class SystemRoutes {
    static final int MAX_LIMIT = 1000;

    private final AlexOs os;

    SystemRoutes(AlexOs os) {
        this.os = os;
    }

    /** {@code GET /api/events?limit=&topic=&since=}: newest events, or those after {@code since}. */
    Object events(ApiRequest req) {
        int limit = req.queryInt("limit", 100, 1, MAX_LIMIT);
        String topic = req.query("topic").filter(s -> !s.isBlank()).orElse("*");
        try {
            TopicPattern.parse(topic);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("topic", e.getMessage());
        }
        Optional<Long> since = longParam(req, "since", 0);
        EventBus bus = available(os::eventBus);
        Map<String, Object> extra = new LinkedHashMap<>();
        if (since.isPresent()) {
            Replay r = bus.replay(since.get(), topic, limit);
            extra.put("last_seq", r.lastSeq());
            extra.put("gap", r.gap());
            extra.put("oldest_available", r.oldestAvailable());
            return Views.envelope("events", r.events(), os.clock().instant(), extra);
        }
        extra.put("last_seq", bus.lastSeq());
        return Views.envelope("events", bus.recent(topic, limit), os.clock().instant(), extra);
    }

    /** {@code GET /api/ledger?from=&limit=}: entries from a sequence number, or the newest. */
    Object ledger(ApiRequest req) {
        int limit = req.queryInt("limit", 100, 1, MAX_LIMIT);
        Optional<Long> from = longParam(req, "from", 1);
        Ledger ledger = available(os::ledger);
        List<LedgerEntry> entries = from.isPresent() ? ledger.read(from.get(), limit) : ledger.tail(limit);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("head_seq", ledger.headSeq());
        extra.put("head_hash", ledger.headHash());
        return Views.envelope("entries", entries, os.clock().instant(), extra);
    }

    /** {@code GET /api/ledger/verify}: recomputes the chain now. */
    Object verify(ApiRequest req) {
        VerifyReport r = available(os::ledger).verify();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("entries_checked", r.entriesChecked());
        m.put("head_hash", r.headHash());
        m.put("first_bad_seq", r.firstBadSeq());
        m.put("problem", r.problem());
        m.put("timestamp", os.clock().instant());
        return m;
    }

    /** {@code GET /api/compliance}: every check evaluated now, with the score. */
    Object compliance(ApiRequest req) {
        ComplianceReport report = os.compliance();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("score", report.score());
        return Views.envelope("checks", report.results().stream().map(Views::check).toList(), report.evaluatedAt(),
                extra);
    }

    /** {@code GET /api/plugins}. */
    Object plugins(ApiRequest req) {
        return Views.envelope("plugins", os.plugins(), os.clock().instant(), Map.of());
    }

    /** A component, or 503 when the runtime is not running. */
    static <T> T available(java.util.function.Supplier<T> component) {
        try {
            return component.get();
        } catch (IllegalStateException e) {
            throw ApiException.unavailable(e.getMessage());
        }
    }

    private static Optional<Long> longParam(ApiRequest req, String name, long min) {
        Optional<String> text = req.query(name).filter(s -> !s.isBlank());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            long v = Long.parseLong(text.get().trim());
            if (v < min) {
                throw ApiException.badRequest(name, "expected an integer >= " + min + ", got '" + text.get() + "'");
            }
            return Optional.of(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "expected an integer >= " + min + ", got '" + text.get() + "'");
        }
    }
}
