package dev.alexos.server.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.net.URL;
import java.util.function.Function;

/**
 * The server's logging set-up in code, found by logback through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}: the console, the seed's
 * rolling {@code watchtower.log} and {@code access.log} (logger {@code alexos.access}).
 * It replaces a {@code logback.xml} in the jar because logback's XML configuration (Joran, SAX,
 * model processing) cost 0.3–0.6 s and ~370 loaded classes at every start
 * ({@code docs/performance.md}). The same configuration as XML ships as
 * {@code config/logback.xml} in the distribution.
 *
 * <p>Settings, each read from a system property first, then the environment (as the XML's
 * {@code ${...}} did): {@code ALEXOS_LOG_DIR} (default {@code logs}) and {@code ALEXOS_LOG_LEVEL}
 * (root level, default {@code INFO}; {@code bin/alexos} sets {@code DEBUG} for
 * {@code WATCHTOWER_DEBUG=true}).
 *
 * <p>A user's configuration wins: logback asks service-loaded configurators <em>before</em> its
 * own file lookup, so this one steps aside (returns {@code INVOKE_NEXT_IF_ANY} without touching
 * the context) when {@code logback.configurationFile} or {@code logback.serializedModelFile} is
 * set, or a {@code logback-test.xml} or {@code logback.xml} is on the class path; logback then
 * reads that file as usual. Instantiated by logback once per context; not thread-safe.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class ServerLogConfigurator extends ContextAwareBase implements Configurator {
    static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";
    static final String FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger - %msg%n";
    static final String ACCESS_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %msg%n";

    private final Function<String, String> settings;
    private final Function<String, URL> resources;

    /** The configurator logback instantiates: system properties, environment, this class's loader. */
    public ServerLogConfigurator() {
        this(ServerLogConfigurator::systemSetting, name -> {
            ClassLoader cl = ServerLogConfigurator.class.getClassLoader();
            return cl == null ? ClassLoader.getSystemResource(name) : cl.getResource(name);
        });
    }

    /** For tests: where settings (property, then environment) and class-path resources come from. */
    ServerLogConfigurator(Function<String, String> settings, Function<String, URL> resources) {
        this.settings = settings;
        this.resources = resources;
    }

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        String userConfig = userConfiguration();
        if (userConfig != null) {
            addInfo("ALEX OS logging set-up skipped: " + userConfig + " takes precedence");
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String dir = setting("ALEXOS_LOG_DIR", "logs");
        String levelName = setting("ALEXOS_LOG_LEVEL", "INFO");
        Level level = Level.toLevel(levelName, null);
        if (level == null) {
            addWarn("ALEXOS_LOG_LEVEL: unknown level '" + levelName + "', using INFO");
            level = Level.INFO;
        }
        Appender<ILoggingEvent> console = console(ctx);
        Appender<ILoggingEvent> file = rolling(ctx, "FILE", dir, "watchtower", FILE_PATTERN, 14, "200MB");
        Appender<ILoggingEvent> access = rolling(ctx, "ACCESS", dir, "access", ACCESS_PATTERN, 7, "100MB");

        Logger accessLog = ctx.getLogger("alexos.access");
        accessLog.setLevel(Level.INFO);
        accessLog.setAdditive(false);
        accessLog.addAppender(access);
        // chatty libraries: warnings only, whatever the root level
        for (String name : new String[] {"org.eclipse.jetty", "io.javalin", "com.github.dockerjava", "org.pf4j"}) {
            ctx.getLogger(name).setLevel(Level.WARN);
        }
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(console);
        root.addAppender(file);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** What makes logback's own configuration apply instead, or {@code null}. */
    private String userConfiguration() {
        for (String property : new String[] {"logback.configurationFile", "logback.serializedModelFile"}) {
            String v = System.getProperty(property);
            if (v != null && !v.isBlank()) {
                return "-D" + property + "=" + v;
            }
        }
        for (String name : new String[] {"logback-test.xml", "logback.xml"}) {
            URL url = resources.apply(name);
            if (url != null) {
                return name + " on the class path (" + url + ")";
            }
        }
        return null;
    }

    private String setting(String name, String fallback) {
        String v = settings.apply(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static String systemSetting(String name) {
        String v = System.getProperty(name);
        return v != null ? v : System.getenv(name);
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(pattern);
        enc.start();
        return enc;
    }

    private static Appender<ILoggingEvent> console(LoggerContext ctx) {
        ConsoleAppender<ILoggingEvent> a = new ConsoleAppender<>();
        a.setContext(ctx);
        a.setName("CONSOLE");
        a.setEncoder(encoder(ctx, CONSOLE_PATTERN));
        a.start();
        return a;
    }

    /** {@code <dir>/<base>.log}, rolled daily and at 10 MB into {@code <base>.<date>.<i>.log.gz}. */
    private static Appender<ILoggingEvent> rolling(LoggerContext ctx, String name, String dir, String base,
            String pattern, int maxHistoryDays, String totalSizeCap) {
        RollingFileAppender<ILoggingEvent> a = new RollingFileAppender<>();
        a.setContext(ctx);
        a.setName(name);
        a.setFile(dir + "/" + base + ".log");
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(ctx);
        policy.setParent(a);
        policy.setFileNamePattern(dir + "/" + base + ".%d{yyyy-MM-dd}.%i.log.gz");
        policy.setMaxFileSize(FileSize.valueOf("10MB"));
        policy.setMaxHistory(maxHistoryDays);
        policy.setTotalSizeCap(FileSize.valueOf(totalSizeCap));
        policy.start();
        a.setRollingPolicy(policy); // it is the triggering policy too (size and date)
        a.setEncoder(encoder(ctx, pattern));
        a.start();
        return a;
    }
}
