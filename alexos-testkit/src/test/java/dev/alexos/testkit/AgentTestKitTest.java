package dev.alexos.testkit;

import static dev.alexos.testkit.AlexOsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.AgentState;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnsupportedTaskException;
import dev.alexos.core.config.ConfigException;
import dev.alexos.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class AgentTestKitTest {

    @Test
    void runsPeriodicWorkOnVirtualTimeAndCapturesEvents() {
        try (AgentTestKit kit = AgentTestKit.builder().module("ticker").config(Map.of("interval", "30s")).build()) {
            kit.start(new TickerAgent());
            kit.advance(Duration.ofSeconds(95));

            assertThat(kit.events()).hasCount("ticker.tick", 3)
                    .lastEvent("ticker.tick").hasData("tick", 3).hasSource("ticker-1");
            assertThat(kit.events().events().get(0).time()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(30));
            assertThat(kit.info().health().details()).containsEntry("ticks", 3);
        }
    }

    @Test
    void tasksRunSynchronouslyAndLedgerEntriesVerify() {
        try (AgentTestKit kit = AgentTestKit.create()) {
            kit.start(new TickerAgent());
            TaskResult r = kit.call("record", Json.object().put("what", "backup"));

            assertThat(r).succeeded().hasOutput("seq", 1);
            assertThat(kit.ledger()).verifies().hasSize(1).hasEntry("custom.recorded", Map.of("what", "backup"));
            assertThat(kit.call("fail")).failedWith("told to fail");
        }
    }

    @Test
    void tamperedLedgerFailsVerificationNamingTheEntry() {
        try (AgentTestKit kit = AgentTestKit.create()) {
            kit.start(new TickerAgent());
            kit.call("record", Json.object().put("what", "a"));
            kit.call("record", Json.object().put("what", "b"));
            kit.ledger().tamper(2, Map.of("what", "c"));

            assertThat(kit.ledger()).failsVerificationAt(2);
            assertThatThrownBy(() -> assertThat(kit.ledger()).verifies())
                    .isInstanceOf(AssertionError.class).hasMessageContaining("entry seq 2 is damaged")
                    .hasMessageContaining("hash mismatch");
        }
    }

    @Test
    void taskWaitingOnVirtualTimeCompletesWhenTimeIsAdvancedAndTimeoutsFollowTheClock() {
        try (AgentTestKit kit = AgentTestKit.create()) {
            kit.start(new TickerAgent());
            CompletableFuture<TaskResult> waiting = kit.send(Task.of("wait", Json.object().put("seconds", 60)));
            kit.advance(Duration.ofSeconds(59));
            assertThat(waiting).isNotDone();
            kit.advance(Duration.ofSeconds(1));
            assertThat(waiting.join()).succeeded().hasOutput("waited", true);

            CompletableFuture<TaskResult> timed = kit.send(Task.of("wait", Json.object().put("seconds", 600))
                    .withTimeout(Duration.ofSeconds(5)));
            kit.advance(Duration.ofSeconds(5));
            assertThat(timed).isCompletedExceptionally();
            assertThatThrownBy(timed::join).hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void callExplainsATaskThatWaitsOnTimeThatWasNotAdvanced() {
        try (AgentTestKit kit = AgentTestKit.create()) {
            kit.start(new TickerAgent());
            assertThatThrownBy(() -> kit.call("wait", Json.object().put("seconds", 5)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("advance the virtual clock");
        }
    }

    @Test
    void unknownActionFailsWithUnsupportedTask() {
        try (AgentTestKit kit = AgentTestKit.create()) {
            kit.start(new TickerAgent());
            assertThatThrownBy(() -> kit.send(Task.of("nope", null)).join())
                    .hasCauseInstanceOf(UnsupportedTaskException.class);
        }
    }

    @Test
    void agentSeesEventsPublishedByTheTestAndStopReleasesItsSubscriptionsAndTimers() {
        try (AgentTestKit kit = AgentTestKit.create()) {
            TickerAgent agent = new TickerAgent();
            kit.start(agent);
            kit.publish("ping.hello", Json.object());
            kit.publish("other.hello", Json.object());
            assertThat(agent.pings()).isEqualTo(1);

            assertThat(kit.stop()).isTrue();
            assertThat(kit.events().subscriptions()).isEmpty();
            assertThat(kit.scheduler().pendingCount()).isZero();
        }
    }

    @Test
    void badConfigurationStopsStartWithTheKeyNamed() {
        try (AgentTestKit kit = AgentTestKit.builder().module("ticker").config(Map.of("interval", "soon")).build()) {
            assertThatThrownBy(() -> kit.start(new TickerAgent())).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("failed to start").hasMessageContaining("ticker.interval");
            assertThat(kit.agents().find("ticker-1").orElseThrow().state()).isEqualTo(AgentState.FAILED);
        }
        assertThat(ConfigException.class).isNotNull();
    }

    @Test
    void dataDirectoryIsPerModuleAndDeletedOnClose() throws Exception {
        Path root;
        try (AgentTestKit kit = AgentTestKit.builder().module("files").build()) {
            AgentContext ctx = kit.contextFor("x");
            Files.writeString(ctx.dataDirectory().resolve("state.json"), "{}");
            root = kit.dataDirectory();
            assertThat(ctx.dataDirectory()).isEqualTo(root.resolve("files"));
        }
        assertThat(root).doesNotExist();
    }

    @Test
    void closeFailsTheTestWhenBackgroundWorkThrew() {
        AgentTestKit kit = AgentTestKit.create();
        kit.start(new Agent() {
            @Override
            public AgentDescriptor descriptor() {
                return AgentDescriptor.builder("bad-1", "Bad", "custom").build();
            }

            @Override
            public void start(AgentContext context) {
                context.scheduler().schedule(Duration.ofSeconds(1), () -> {
                    throw new IllegalStateException("periodic work broke");
                });
            }
        });
        kit.advance(Duration.ofSeconds(1));
        assertThatThrownBy(kit::close).isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 background failure").hasMessageContaining("periodic work broke");
    }

    @Test
    void helperAgentsAreReachableThroughTheRegistry() {
        try (AgentTestKit kit = AgentTestKit.create()) {
            kit.start(new TickerAgent());
            kit.register(new Agent() {
                @Override
                public AgentDescriptor descriptor() {
                    return AgentDescriptor.builder("echo-1", "Echo", "custom").capability("echo").build();
                }

                @Override
                public CompletableFuture<TaskResult> handle(Task task) {
                    return CompletableFuture.completedFuture(TaskResult.success(task.params()));
                }
            });
            assertThat(kit.agents().list()).extracting(i -> i.id()).containsExactly("ticker-1", "echo-1");
            assertThat(kit.send("echo-1", Task.of("echo", Json.object().put("x", 1))).join()).hasOutput("x", 1);
            assertThat(kit.agents().withCapability("echo")).hasSize(1);
            assertThat(List.of(kit.module())).containsExactly("custom");
        }
    }
}
