package dev.alexos.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLogConfiguratorTest {
    /** The same configuration as XML, shipped in the distribution's {@code config/}. */
    private static final Path DIST_XML = Path.of("src/dist/config/logback.xml");

    @TempDir
    Path dir;

    private LoggerContext programmatic(Map<String, String> settings) {
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new LogbackMDCAdapter()); // what logback's SLF4J binding installs
        ServerLogConfigurator c = new ServerLogConfigurator(settings::get, name -> null);
        c.setContext(ctx);
        assertThat(c.configure(ctx)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return ctx;
    }

    @Test
    void sameAppendersLevelsAndPatternsAsTheShippedXml() throws Exception {
        LoggerContext fromCode = programmatic(Map.of("ALEXOS_LOG_DIR", dir.toString(), "ALEXOS_LOG_LEVEL", "debug"));
        LoggerContext fromXml = new LoggerContext();
        fromXml.putProperty("ALEXOS_LOG_DIR", dir.toString());
        fromXml.putProperty("ALEXOS_LOG_LEVEL", "debug");
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(fromXml);
        joran.doConfigure(DIST_XML.toFile());
        try {
            assertThat(describe(fromCode)).isEqualTo(describe(fromXml));
            assertThat(fromCode.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        } finally {
            fromCode.stop();
            fromXml.stop();
        }
    }

    @Test
    void writesTheSeedsFilesInTheirFormat() throws IOException {
        LoggerContext ctx = programmatic(Map.of("ALEXOS_LOG_DIR", dir.toString()));
        ctx.getLogger("dev.alexos.Demo").info("hello {}", "world");
        ctx.getLogger("dev.alexos.Demo").debug("not at INFO");
        ctx.getLogger("org.eclipse.jetty.Server").info("library chatter");
        ctx.getLogger("alexos.access").info("GET /api/health 200");
        ctx.stop();

        String main = Files.readString(dir.resolve("watchtower.log"));
        assertThat(main).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\[[^\\]]+\\] "
                + "dev\\.alexos\\.Demo - hello world\\R");
        String access = Files.readString(dir.resolve("access.log"));
        assertThat(access).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ GET /api/health 200\\R");
    }

    @Test
    void unknownLevelFallsBackToInfo() {
        LoggerContext ctx = programmatic(Map.of("ALEXOS_LOG_DIR", dir.toString(), "ALEXOS_LOG_LEVEL", "LOUD"));
        try {
            assertThat(ctx.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        } finally {
            ctx.stop();
        }
    }

    @Test
    void stepsAsideForALogbackXmlOnTheClassPath() throws Exception {
        URL userXml = dir.resolve("logback.xml").toUri().toURL();
        LoggerContext ctx = new LoggerContext();
        ServerLogConfigurator c = new ServerLogConfigurator(name -> null,
                name -> name.equals("logback.xml") ? userXml : null);
        c.setContext(ctx);
        assertThat(c.configure(ctx)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(ctx.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        assertThat(Files.exists(dir.resolve("watchtower.log"))).isFalse();
    }

    @Test
    void stepsAsideForLogbackConfigurationFile() {
        String old = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", dir.resolve("mine.xml").toString());
        try {
            LoggerContext ctx = new LoggerContext();
            ServerLogConfigurator c = new ServerLogConfigurator(name -> null, name -> null);
            c.setContext(ctx);
            assertThat(c.configure(ctx)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(ctx.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            if (old == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", old);
            }
        }
    }

    @Test
    void registeredAsALogbackService() throws IOException {
        String services = new String(getClass().getClassLoader()
                .getResourceAsStream("META-INF/services/ch.qos.logback.classic.spi.Configurator").readAllBytes());
        assertThat(services.strip()).isEqualTo(ServerLogConfigurator.class.getName());
        // the jar must not carry a logback.xml of its own: it would win over the configurator
        assertThat(Path.of("src/main/resources/logback.xml")).doesNotExist();
    }

    /** Every configured logger (level, additivity) and appender (type, file, pattern, rolling). */
    private static Map<String, String> describe(LoggerContext ctx) {
        Map<String, String> out = new TreeMap<>();
        for (Logger l : ctx.getLoggerList()) {
            List<String> appenders = new ArrayList<>();
            for (var it = l.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> a = it.next();
                appenders.add(a.getName());
                out.put("appender " + a.getName(), appender(a));
            }
            if (l.getLevel() != null || !appenders.isEmpty() || !l.isAdditive()) {
                out.put("logger " + l.getName(), l.getLevel() + " additive=" + l.isAdditive() + " " + appenders);
            }
        }
        return out;
    }

    private static String appender(Appender<ILoggingEvent> a) {
        StringBuilder s = new StringBuilder(a.getClass().getName());
        if (a instanceof OutputStreamAppender<ILoggingEvent> o && o.getEncoder() instanceof PatternLayoutEncoder e) {
            s.append(" pattern=").append(e.getPattern());
        }
        if (a instanceof RollingFileAppender<ILoggingEvent> r) {
            s.append(" file=").append(r.getFile());
            if (r.getRollingPolicy() instanceof TimeBasedRollingPolicy<?> p) {
                s.append(" policy=").append(p.getClass().getName()).append(" names=").append(p.getFileNamePattern())
                        .append(" maxHistory=").append(p.getMaxHistory());
            }
        }
        return s.toString();
    }
}
