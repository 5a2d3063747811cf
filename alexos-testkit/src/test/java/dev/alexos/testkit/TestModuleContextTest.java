package dev.alexos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.AgentContext;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.core.plugin.ModuleContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestModuleContextTest {

    /** A module that reads its config, ticks on the scheduler and offers a route. */
    static final class CounterModule implements AlexOsModule {
        final AtomicInteger ticks = new AtomicInteger();

        @Override
        public String id() {
            return "counter";
        }

        @Override
        public void start(ModuleContext ctx) {
            Duration every = ctx.config().duration("every", Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofHours(1));
            ctx.scheduler().scheduleWithFixedDelay(every, every, () -> {
                ticks.incrementAndGet();
                ctx.eventBus().publish("counter.tick", "counter", Json.object().put("n", ticks.get()));
            });
            ctx.addRoute(ApiRoute.get("/api/counter", Role.VIEWER, "the count", r -> Map.of("ticks", ticks.get())));
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void startsAModuleOnVirtualPartsAndKeepsItsRoutes() {
        VirtualClock clock = VirtualClock.create();
        CapturingEventBus bus = new CapturingEventBus(clock);
        TestModuleContext ctx = TestModuleContext.builder("counter").clock(clock).eventBus(bus)
                .config(Map.of("every", "10s")).build();
        CounterModule module = new CounterModule();
        module.start(ctx);

        clock.advance(Duration.ofSeconds(35));
        assertThat(bus.events("counter.tick")).hasSize(3);
        assertThat(ctx.routes()).hasSize(1);
        assertThat(ctx.testRoutes().get("/api/counter").json().get("ticks").asInt()).isEqualTo(3);
        assertThat(ctx.dashboardTabs()).isEmpty();
        assertThat(ctx.complianceChecks()).isEmpty();
    }

    @Test
    void agentContextsShareTheModulesPartsAndDataDirectory(@TempDir Path dir) {
        TestModuleContext ctx = TestModuleContext.builder("counter").dataDirectory(dir.resolve("counter")).build();
        AgentContext agent = ctx.agentContext("counter-001");
        assertThat(agent.module()).isEqualTo("counter");
        assertThat(agent.eventBus()).isSameAs(ctx.eventBus());
        assertThat(agent.clock()).isSameAs(ctx.clock());
        assertThat(agent.config().path()).isEqualTo("counter");
        assertThat(Files.isDirectory(agent.dataDirectory())).isTrue();
        assertThat(agent.publish("started", Json.object()).topic()).isEqualTo("counter.started");
        assertThatThrownBy(agent::agents).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("counter-001");
    }

    @Test
    void aWallClockNeedsAScheduler() {
        assertThatThrownBy(() -> TestModuleContext.builder("counter").clock(Clock.systemUTC()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("scheduler");
        assertThatThrownBy(() -> TestModuleContext.builder("Bad-Id")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TestModuleContext.builder("counter").build().routes()).isEqualTo(List.of());
    }
}
