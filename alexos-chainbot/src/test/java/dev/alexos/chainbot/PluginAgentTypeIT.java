package dev.alexos.chainbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.AlexOs;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.PluginJar;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A framework agent type contributed by a real drop-in PF4J plugin jar (compiled against
 * ChainBot's API on the test class path, loaded by its own plugin class loader) is found by
 * ChainBot through {@code ModuleContext.extensions} and spawned by the {@link AgentSpawner}.
 */
class PluginAgentTypeIT {

    private static final String ECHO_SOURCE = """
            package com.example.echo;

            import dev.alexos.chainbot.FrameworkAgentSpec;
            import dev.alexos.chainbot.FrameworkAgentType;
            import dev.alexos.core.Agent;
            import dev.alexos.core.AgentDescriptor;
            import dev.alexos.core.Task;
            import dev.alexos.core.TaskResult;
            import dev.alexos.core.json.Json;
            import java.util.concurrent.CompletableFuture;

            @org.pf4j.Extension
            public final class PluginEchoType implements FrameworkAgentType {
                public String type() { return "plugin_echo"; }
                public String description() { return "answers a task with its params"; }
                public Agent create(FrameworkAgentSpec spec) {
                    String prefix = spec.config().path("prefix").asText("");
                    return new Agent() {
                        public AgentDescriptor descriptor() {
                            return AgentDescriptor.builder(spec.id(), spec.name(), "plugin_echo").capability("echo").build();
                        }
                        public CompletableFuture<TaskResult> handle(Task task) {
                            var out = Json.object().put("action", prefix + task.action())
                                    .put("from_plugin", getClass().getClassLoader() instanceof org.pf4j.PluginClassLoader);
                            out.set("params", task.params());
                            return CompletableFuture.completedFuture(TaskResult.success(out));
                        }
                    };
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aTypeFromAPluginJarIsSpawnedAndAnswers() throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJar.builder("echo-agents", "1.0.0")
                .source("com.example.echo.PluginEchoType", ECHO_SOURCE)
                .extension("com.example.echo.PluginEchoType")
                .build(plugins);
        ChainBotModule chainbot = new ChainBotModule();
        try (AlexOs os = AlexOs.builder()
                .config(AlexOsConfig.of(Map.of("ledger", Map.of("durability", "none"))))
                .dataDirectory(dir.resolve("data"))
                .pluginsDirectory(plugins)
                .discoverClasspathModules(false)
                .module(chainbot)
                .build()
                .start()) {
            assertThat(os.plugins()).anySatisfy(p -> {
                assertThat(p.id()).isEqualTo("echo-agents");
                assertThat(p.state()).isEqualTo("started");
            });
            AgentSpawner spawner = chainbot.spawner();
            assertThat(spawner.types()).containsEntry("plugin_echo", "answers a task with its params")
                    .containsKeys("assistant", "data_processor", "api", "workflow");

            AgentInfo info = spawner.spawn("plugin_echo", "echo-1", "Echo", Json.object().put("prefix", "got "));
            assertThat(info.id()).isEqualTo("echo-1");
            TaskResult r = os.agents().send("echo-1", Task.of("answer", Json.object().put("question", "42?")))
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.output().get("action").asText()).isEqualTo("got answer");
            assertThat(r.output().get("params").get("question").asText()).isEqualTo("42?");
            // the agent's class comes from the plugin jar, not from this test's class path
            assertThat(r.output().get("from_plugin").asBoolean()).isTrue();
        }
    }
}
