package dev.alexos.watchtower.internal.update;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When scheduled update runs happen, as a cron expression in UTC (setting
 * {@code watchtower.schedule}). Five fields ({@code minute hour day-of-month month day-of-week},
 * as in crontab) or six with seconds first, the form of containrrr/watchtower's
 * {@code WATCHTOWER_SCHEDULE}, so its users can keep their value. Parsed and evaluated by
 * cron-utils.
 *
 * <p>Immutable and thread-safe.
 */
public final class UpdateSchedule {
    /** What {@link #parse} accepts, for error messages. */
    public static final String ALLOWED = "a cron expression in UTC: 5 fields 'minute hour day-of-month month day-of-week'"
            + " (e.g. '0 4 * * *': every day at 04:00), or 6 with seconds first as in containrrr/watchtower"
            + " (e.g. '0 0 4 * * *')";
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    private final String expression;
    private final ExecutionTime times;

    private UpdateSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.times = ExecutionTime.forCron(cron);
    }

    /**
     * @throws IllegalArgumentException for anything but a valid 5- or 6-field expression
     *     (the message says what is allowed)
     */
    public static UpdateSchedule parse(String text) {
        String expr = text == null ? "" : text.trim().replaceAll("\\s+", " ");
        int fields = expr.isEmpty() ? 0 : expr.split(" ").length;
        if (fields != 5 && fields != 6) {
            throw new IllegalArgumentException("expected " + ALLOWED + "; got " + fields + " fields");
        }
        try {
            Cron cron = (fields == 5 ? UNIX : WITH_SECONDS).parse(expr).validate();
            UpdateSchedule s = new UpdateSchedule(expr, cron);
            if (s.next(Instant.EPOCH).isEmpty()) {
                throw new IllegalArgumentException("never fires");
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected " + ALLOWED + " (" + e.getMessage() + ")", e);
        }
    }

    /** The first fire time strictly after {@code after}; empty when it never fires again. */
    public Optional<Instant> next(Instant after) {
        return times.nextExecution(ZonedDateTime.ofInstant(after, ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }
}
