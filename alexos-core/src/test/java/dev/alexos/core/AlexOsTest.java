package dev.alexos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.compliance.ComplianceReport;
import dev.alexos.core.compliance.ComplianceResult;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.config.ConfigException;
import dev.alexos.core.event.Event;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.core.plugin.ModuleContext;
import dev.alexos.core.plugin.PluginInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlexOsTest {

    @TempDir
    Path dir;

    private AlexOs.Builder builder() {
        return AlexOs.builder().dataDirectory(dir.resolve("data")).discoverClasspathModules(false);
    }

    @Test
    void startsModulesWithTheirContextAndRegistersAgents() throws Exception {
        RecordingModule mod = new RecordingModule("demo");
        AlexOs os = builder()
                .config(AlexOsConfig.of(Map.of("demo", Map.of("colour", "blue"))))
                .module(mod)
                .agent(new EchoAgent("echo-app"))
                .build().start();
        try {
            assertThat(os.isRunning()).isTrue();
            ModuleContext ctx = mod.context.get();
            assertThat(ctx.moduleId()).isEqualTo("demo");
            assertThat(ctx.dataDirectory()).isEqualTo(dir.resolve("data").resolve("demo").toAbsolutePath()).isDirectory();
            assertThat(ctx.config().string("colour")).contains("blue");
            assertThat(os.modules()).containsExactly(mod);
            assertThat(os.routes()).extracting(ApiRoute::path).contains("/api/health", "/api/demo");
            assertThat(os.complianceChecks()).extracting(ComplianceCheck::id)
                    .containsExactly("core.ledger_integrity", "demo.always_passes");
            assertThat(os.agents().list()).extracting(AgentInfo::id).containsExactly("echo-demo", "echo-app");
            assertThatThrownBy(() -> ctx.addRoute(ApiRoute.get("/late", Role.VIEWER, "", r -> "x")))
                    .isInstanceOf(IllegalStateException.class);

            // The module's agent publishes under the module's prefix.
            TaskResult r = os.agents().send("echo-demo", Task.of("echo", Json.object().put("a", 1)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.succeeded()).isTrue();
            assertThat(os.eventBus().recent("demo.*", 10)).extracting(Event::topic).containsExactly("demo.echoed");
            assertThat(os.eventBus().recent("core.*", 10)).extracting(Event::topic).containsExactly("core.runtime_started");
            AgentContext extra = ctx.agentContext("demo-helper");
            assertThat(extra.module()).isEqualTo("demo");
            assertThat(extra.config().string("colour")).contains("blue");
            assertThat(extra.publish("helped", Json.object()).topic()).isEqualTo("demo.helped");

            SystemHealth h = os.health();
            assertThat(h.status()).isEqualTo(Health.Status.HEALTHY);
            assertThat(h.components()).containsOnlyKeys("demo", "ledger", "event_bus");
            assertThat(h.components().get("ledger").details()).containsEntry("open", true).containsEntry("head_seq", 0L);
            assertThat(h.components().get("event_bus").details()).containsEntry("last_seq", 3L);
        } finally {
            os.close();
        }
        assertThat(mod.stopped.get()).isEqualTo(1);
        assertThat(os.agents().list()).isEmpty();
        assertThat(os.isRunning()).isFalse();
        assertThat(os.health().components().get("ledger").status()).isEqualTo(Health.Status.UNHEALTHY);
        os.close();
        assertThat(mod.stopped.get()).isEqualTo(1);
    }

    @Test
    void aConfigExceptionFromAModuleStopsStartUpAndIsRethrown() {
        RecordingModule first = new RecordingModule("first");
        AlexOsModule strict = new AlexOsModule() {
            @Override
            public String id() {
                return "strict";
            }

            @Override
            public void start(ModuleContext context) {
                context.config().integer("port", 1, 1, 65535);
            }
        };
        AlexOs os = builder().config(AlexOsConfig.of(Map.of("strict", Map.of("port", "80a"))))
                .module(first).module(strict).build();
        assertThatThrownBy(os::start).isInstanceOf(ConfigException.class)
                .hasMessage("strict.port = \"80a\": expected an integer in [1, 65535]");
        assertThat(first.stopped.get()).isEqualTo(1);
        assertThat(os.isRunning()).isFalse();
        // The ledger was closed again: another runtime can open the same directory.
        builder().build().start().close();
    }

    @Test
    void invalidCoreConfigurationStopsStartUp() {
        AlexOs os = builder().config(AlexOsConfig.of(Map.of("ledger", Map.of("durability", "sometimes")))).build();
        assertThatThrownBy(os::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ledger.durability = \"sometimes\"");
    }

    @Test
    void aModuleThatFailsOtherwiseIsReportedAndTheOthersRun() {
        AlexOsModule broken = new AlexOsModule() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public void start(ModuleContext context) {
                context.agents().register(new EchoAgent("echo-broken"));
                throw new IllegalStateException("database unreachable");
            }
        };
        try (AlexOs os = builder().module(broken).module(new RecordingModule("fine")).build().start()) {
            assertThat(os.modules()).extracting(AlexOsModule::id).containsExactly("fine");
            SystemHealth h = os.health();
            assertThat(h.status()).isEqualTo(Health.Status.UNHEALTHY);
            assertThat(h.components().get("broken").message()).contains("database unreachable");
            assertThat(os.plugins()).filteredOn(p -> p.id().equals("broken")).singleElement()
                    .satisfies(p -> {
                        assertThat(p.state()).isEqualTo("failed");
                        assertThat(p.source()).isEqualTo("programmatic");
                        assertThat(p.error()).isEqualTo("database unreachable");
                    });
            // Agents of a failed module do not linger.
            assertThat(os.agents().find("echo-broken")).isEmpty();
        }
    }

    @Test
    void duplicateAndInvalidModuleIdsAreRefused() {
        try (AlexOs os = builder().module(new RecordingModule("twin")).module(new RecordingModule("twin"))
                .module(new RecordingModule("Bad-Id")).build().start()) {
            assertThat(os.modules()).hasSize(1);
            assertThat(os.plugins()).extracting(PluginInfo::state).containsExactly("started", "failed", "failed");
            assertThat(os.plugins().get(1).error()).contains("already provided");
            assertThat(os.plugins().get(2).error()).contains("invalid module id 'Bad-Id'");
        }
    }

    @Test
    void complianceEvaluatesTheLedgerNowWithTheHeadHashAsEvidence() {
        try (AlexOs os = builder().config(AlexOsConfig.of(Map.of("ledger", Map.of("durability", "none"))))
                .module(new RecordingModule("demo")).build().start()) {
            os.ledger().append("demo.thing_done", Map.of("n", 1)).join();
            ComplianceReport report = os.compliance();
            ComplianceResult ledger = report.results().get(0);
            assertThat(ledger.checkId()).isEqualTo("core.ledger_integrity");
            assertThat(ledger.status()).isEqualTo(ComplianceResult.Status.PASS);
            assertThat(ledger.evidence()).anySatisfy(e -> {
                assertThat(e.setting()).isEqualTo("head_hash");
                assertThat(e.value()).isEqualTo(os.ledger().headHash());
            });
            assertThat(report.score()).isEqualTo(100.0);
        }
    }

    @Test
    void eventsReplayCapacityComesFromConfiguration() {
        try (AlexOs os = builder().config(AlexOsConfig.of(Map.of("events", Map.of("replay_capacity", 3)))).build()
                .start()) {
            for (int i = 0; i < 10; i++) {
                os.eventBus().publish("app.tick", "test", Json.object().put("i", i));
            }
            assertThat(os.eventBus().recent("*", 100)).hasSize(3);
        }
    }

    @Test
    void accessorsBeforeStartAndRegisteringBeforeStartAreClearErrors() {
        AlexOs os = builder().build();
        assertThatThrownBy(os::eventBus).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
        assertThatThrownBy(() -> os.agents().register(new EchoAgent("early")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        os.start();
        assertThatThrownBy(os::start).isInstanceOf(IllegalStateException.class);
        os.close();
    }

    /** A module that records what happens to it and contributes an agent, a route and a check. */
    static final class RecordingModule implements AlexOsModule {
        final String id;
        final AtomicReference<ModuleContext> context = new AtomicReference<>();
        final AtomicInteger stopped = new AtomicInteger();

        RecordingModule(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void start(ModuleContext ctx) {
            context.set(ctx);
            ctx.agents().register(new EchoAgent("echo-" + id));
            ctx.addRoute(ApiRoute.get("/api/" + id, Role.VIEWER, "demo", r -> Map.of("id", id)));
            ctx.addComplianceCheck(new ComplianceCheck() {
                @Override
                public String id() {
                    return id + ".always_passes";
                }

                @Override
                public String title() {
                    return "Passes";
                }

                @Override
                public ComplianceResult.Severity severity() {
                    return ComplianceResult.Severity.LOW;
                }

                @Override
                public ComplianceResult evaluate() {
                    return result(ComplianceResult.Status.PASS, "ok", List.of(), null);
                }
            });
        }

        @Override
        public void stop() {
            stopped.incrementAndGet();
        }
    }

    /** Echoes its params and publishes {@code <module>.echoed}. */
    static final class EchoAgent implements Agent {
        private final String id;
        private volatile AgentContext context;

        EchoAgent(String id) {
            this.id = id;
        }

        @Override
        public AgentDescriptor descriptor() {
            return AgentDescriptor.builder(id, "Echo", "custom").capability("echo").build();
        }

        @Override
        public void start(AgentContext ctx) {
            context = ctx;
        }

        @Override
        public CompletableFuture<TaskResult> handle(Task task) {
            if (!task.action().equals("echo")) {
                return Agent.super.handle(task);
            }
            context.publish("echoed", task.params().deepCopy());
            return CompletableFuture.completedFuture(TaskResult.success(task.params()));
        }
    }

    @Test
    void aSlowAgentCanBeAwaitedWithoutSleeping() {
        try (AlexOs os = builder().agent(new EchoAgent("e")).build().start()) {
            os.agents().send("e", Task.of("echo", Json.object()));
            await().atMost(Duration.ofSeconds(10)).until(() -> os.eventBus().recent("app.*", 10).size() == 1);
            assertThat(Files.isDirectory(os.dataDirectory())).isTrue();
        }
    }
}
