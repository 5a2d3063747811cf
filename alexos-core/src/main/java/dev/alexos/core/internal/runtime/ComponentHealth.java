package dev.alexos.core.internal.runtime;

import dev.alexos.core.Health;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.SubscriberStats;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.ledger.Ledger;
import java.util.LinkedHashMap;
import java.util.Map;

/** Health of the core components, read from their real state at the time of asking. */
final class ComponentHealth {
    private ComponentHealth() {
    }

    /** {@code open} is false once the runtime has closed it (or before start). */
    static Health ledger(Ledger ledger, boolean open) {
        if (ledger == null || !open) {
            return Health.unhealthy("ledger is closed").withDetails(Map.of("open", false));
        }
        try {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("open", true);
            d.put("head_seq", ledger.headSeq());
            d.put("head_hash", ledger.headHash());
            return Health.healthy(d);
        } catch (RuntimeException e) {
            return Health.unhealthy("ledger cannot be read: " + e.getMessage()).withDetails(Map.of("open", true));
        }
    }

    static Health eventBus(EventBus bus, boolean open) {
        if (bus == null || !open) {
            return Health.unhealthy("event bus is closed").withDetails(Map.of("open", false));
        }
        long dropped = 0;
        long failed = 0;
        int queued = 0;
        int active = 0;
        for (Subscription s : bus.subscriptions()) {
            SubscriberStats st = s.stats();
            dropped += st.dropped();
            failed += st.failed();
            queued += st.queued();
            active += s.isActive() ? 1 : 0;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("open", true);
        d.put("last_seq", bus.lastSeq());
        d.put("published", bus.publishedCount());
        d.put("subscribers", active);
        d.put("queued", queued);
        d.put("dropped", dropped);
        d.put("failed_deliveries", failed);
        return Health.healthy(d);
    }
}
