package dev.alexos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.AgentInfo;
import dev.alexos.core.plugin.PluginInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginFixtureTest {
    @TempDir
    Path tmp;

    private static final String MODULE = """
            package com.example.hello;
            import dev.alexos.core.plugin.*;
            public final class HelloModule implements AlexOsModule {
              public String id() { return "hello"; }
              public void start(ModuleContext ctx) { ctx.agents().register(new HelloAgent()); }
            }
            """;

    private static final String AGENT = """
            package com.example.hello;
            import dev.alexos.core.*;
            import dev.alexos.core.json.Json;
            import java.time.Duration;
            public final class HelloAgent implements Agent {
              private volatile Cancellable timer;
              public AgentDescriptor descriptor() { return AgentDescriptor.builder("hello-1", "Hello", "custom").build(); }
              public void start(AgentContext ctx) {
                timer = ctx.scheduler().scheduleWithFixedDelay(Duration.ofMinutes(1), Duration.ofMinutes(1),
                    () -> ctx.publish("said", Json.object().put("text", "hello")));
              }
              public void stop() { Cancellable t = timer; if (t != null) { t.cancel(); } }
            }
            """;

    private static final String LEAKY_AGENT = """
            package com.example.hello;
            import dev.alexos.core.*;
            public final class HelloAgent implements Agent {
              // A thread that never ends keeps the plugin's class loader reachable.
              static final Thread KEEPER = new Thread(() -> { while (true) { java.util.concurrent.locks.LockSupport.park(); } });
              static { KEEPER.setDaemon(true); KEEPER.start(); }
              public AgentDescriptor descriptor() { return AgentDescriptor.builder("hello-1", "Hello", "custom").build(); }
            }
            """;

    private Path jar(String agentSource) {
        return PluginJar.builder("hello-plugin", "1.2.3").source("com.example.hello.HelloModule", MODULE)
                .source("com.example.hello.HelloAgent", agentSource).extension("com.example.hello.HelloModule")
                .build(tmp);
    }

    @Test
    void buildsARealPluginJar() throws Exception {
        Path jar = jar(AGENT);
        assertThat(jar.getFileName()).hasToString("hello-plugin-1.2.3.jar");
        try (JarFile f = new JarFile(jar.toFile())) {
            assertThat(f.getManifest().getMainAttributes().getValue("Plugin-Id")).isEqualTo("hello-plugin");
            assertThat(f.getManifest().getMainAttributes().getValue("Plugin-Version")).isEqualTo("1.2.3");
            assertThat(new String(f.getInputStream(f.getEntry("META-INF/extensions.idx")).readAllBytes()))
                    .isEqualTo("com.example.hello.HelloModule\n");
            assertThat(f.getEntry("com/example/hello/HelloAgent.class")).isNotNull();
        }
    }

    @Test
    void sourceThatDoesNotCompileSaysWhy() {
        assertThatThrownBy(() -> PluginJar.builder("x", "1").source("a.B", "package a; class B { int x = ; }").build(tmp))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not compile")
                .hasMessageContaining("B.java");
    }

    @Test
    void loadsChecksUnloadsAndTheClassLoaderIsCollected() {
        try (PluginFixture fx = PluginFixture.load(jar(AGENT), Map.of("hello", Map.of()))) {
            assertThat(fx.plugins()).extracting(PluginInfo::id, PluginInfo::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("hello-plugin", "started"));
            assertThat(fx.moduleIds()).containsExactly("hello");
            assertThat(fx.agents()).extracting(AgentInfo::id).containsExactly("hello-1");
            assertThat(fx.agents().get(0).descriptor().getClass().getClassLoader()).isNotNull();

            fx.clock().advance(Duration.ofMinutes(2));
            assertThat(fx.events().events("hello.said")).hasSize(2);

            fx.checkAgents();
            fx.unloadAndAssertCollected(Duration.ofSeconds(20));
        }
    }

    @Test
    void aPluginThatLeaksItsClassLoaderIsCaught() {
        try (PluginFixture fx = PluginFixture.load(jar(LEAKY_AGENT), Map.of())) {
            assertThat(fx.agents()).hasSize(1);
            assertThatThrownBy(() -> fx.unloadAndAssertCollected(Duration.ofSeconds(2)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("was not collected");
        }
    }
}
