package dev.alexos.core.internal.runtime;

import dev.alexos.core.Health;
import dev.alexos.core.SystemHealth;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.ledger.Ledger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle of one runtime (new → starting → running → closed) and the components it opened
 * itself, which it closes: the bus first (drained, so late events still reach subscribers),
 * then the ledger (flushed). Thread-safe.
 */
public final class RuntimeState {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeState.class);

    private enum Phase { NEW, STARTING, RUNNING, CLOSED }

    private volatile Phase phase = Phase.NEW;
    private EventBus ownedBus;
    private Ledger ownedLedger;

    /** @throws IllegalStateException unless new */
    public synchronized void beginStart() {
        if (phase != Phase.NEW) {
            throw new IllegalStateException("AlexOs can be started once; it is " + phase.name().toLowerCase());
        }
        phase = Phase.STARTING;
    }

    /** Records a ledger the runtime opened (so must close); {@code null} when it was given one. */
    public synchronized void ledgerOpened(Ledger ledger) {
        ownedLedger = ledger;
    }

    /** Records a bus the runtime created (so must close); {@code null} when it was given one. */
    public synchronized void busOpened(EventBus bus) {
        ownedBus = bus;
    }

    public synchronized void started() {
        phase = Phase.RUNNING;
    }

    /** Marks closed; returns false when it already was. */
    public synchronized boolean closeRequested() {
        if (phase == Phase.CLOSED) {
            return false;
        }
        phase = Phase.CLOSED;
        return true;
    }

    /** Closes the bus and the ledger the runtime opened. */
    public synchronized void closeOwned() {
        phase = Phase.CLOSED;
        if (ownedBus != null) {
            try {
                ownedBus.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the event bus failed", e);
            }
            ownedBus = null;
        }
        if (ownedLedger != null) {
            try {
                ownedLedger.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the ledger failed", e);
            }
            ownedLedger = null;
        }
    }

    public boolean isRunning() {
        return phase == Phase.RUNNING;
    }

    /** The component, or {@link IllegalStateException} when the runtime has not opened it. */
    public <T> T require(T component, String what) {
        if (component == null) {
            throw new IllegalStateException("the " + what + " is not available: AlexOs is " + phase.name().toLowerCase()
                    + " (call start() first)");
        }
        return component;
    }

    /** Modules' health plus {@code ledger} and {@code event_bus}. */
    public SystemHealth health(Map<String, Health> modules, Ledger ledger, EventBus bus, Instant now) {
        boolean open = phase == Phase.RUNNING || phase == Phase.STARTING;
        Map<String, Health> components = new LinkedHashMap<>(modules);
        components.put("ledger", ComponentHealth.ledger(ledger, open));
        components.put("event_bus", ComponentHealth.eventBus(bus, open));
        return SystemHealth.of(now, components);
    }
}
