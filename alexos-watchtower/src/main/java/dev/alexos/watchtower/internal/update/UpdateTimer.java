package dev.alexos.watchtower.internal.update;

import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Fires the scheduled update run: at the next time of the cron {@code schedule} when one is
 * set, else {@code update_interval} after the previous run ended. The next time is computed
 * from the injected clock after each run, with the settings current then, so a changed
 * schedule applies from the next run on, and a run that overlaps a fire time skips it rather
 * than queueing runs.
 *
 * <p>Thread-safe.
 */
final class UpdateTimer implements AutoCloseable {
    private final Scheduler scheduler;
    private final Clock clock;
    private final Supplier<UpdateSettings> settings;
    private final Runnable run;
    private Cancellable pending;
    private Instant nextRun;
    private boolean closed;

    /** @param run the scheduled run; it is given to the scheduler's executor (it blocks) */
    UpdateTimer(Scheduler scheduler, Clock clock, Supplier<UpdateSettings> settings, Runnable run) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
        this.run = run;
    }

    /** Arms the timer for the first run. */
    synchronized void start() {
        arm();
    }

    /** When the next run is due, or {@code null} when stopped. */
    synchronized Instant nextRun() {
        return closed ? null : nextRun;
    }

    private synchronized void arm() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        nextRun = settings.get().nextRun(now);
        pending = scheduler.schedule(Duration.between(now, nextRun), () -> scheduler.executor().execute(this::fire));
    }

    private void fire() {
        try {
            run.run();
        } finally {
            arm();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pending != null) {
            pending.cancel();
        }
    }
}
