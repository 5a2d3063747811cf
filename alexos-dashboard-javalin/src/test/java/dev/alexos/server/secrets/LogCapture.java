package dev.alexos.server.secrets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line the server writes, with stack traces, by attaching an appender to the
 * root logger, to {@code alexos.access} (not additive in production) and to {@code dev.alexos}
 * turned up to DEBUG: a secret logged only at DEBUG is still a leak once someone sets
 * {@code ALEXOS_LOG_LEVEL=DEBUG}. {@link #close()} restores the loggers.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final List<Runnable> restore = new ArrayList<>();

    private LogCapture() {
    }

    /** Starts capturing. */
    public static LogCapture attach() {
        LogCapture c = new LogCapture();
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        c.setContext(ctx);
        c.setName("secrets-leak-capture");
        c.start();
        c.hook(ctx.getLogger(Logger.ROOT_LOGGER_NAME), null, null);
        c.hook(ctx.getLogger("alexos.access"), Level.INFO, false);
        // not additive while captured: DEBUG lines would otherwise flood the test console
        c.hook(ctx.getLogger("dev.alexos"), Level.DEBUG, false);
        return c;
    }

    private void hook(Logger logger, Level level, Boolean additive) {
        Level oldLevel = logger.getLevel();
        boolean oldAdditive = logger.isAdditive();
        logger.addAppender(this);
        if (level != null) {
            logger.setLevel(level);
        }
        if (additive != null) {
            logger.setAdditive(additive);
        }
        restore.add(() -> {
            logger.detachAppender(this);
            logger.setLevel(oldLevel);
            logger.setAdditive(oldAdditive);
        });
    }

    @Override
    protected void append(ILoggingEvent e) {
        StringBuilder b = new StringBuilder().append(e.getLevel()).append(' ').append(e.getLoggerName())
                .append(" [").append(e.getThreadName()).append("] ").append(e.getFormattedMessage());
        e.getMDCPropertyMap().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        if (e.getThrowableProxy() != null) {
            b.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
        }
        lines.add(b.toString());
    }

    /** Every line captured so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
        stop();
    }
}
