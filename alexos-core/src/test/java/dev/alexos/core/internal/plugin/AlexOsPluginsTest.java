package dev.alexos.core.internal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.AlexOs;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.event.Event;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.json.Json;
import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.fixtures.hello.HelloModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;

/** The plugin host as the runtime uses it: drop-in jars, classpath modules, unloading, isolation. */
class AlexOsPluginsTest {

    @TempDir
    Path dir;

    private Path pluginsDir() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = TestPluginJars.build(Files.createDirectories(dir.resolve("build")), "hello-plugin", "1.0.0",
                List.of(TestPluginJars.HELLO_SOURCE));
        Files.move(jar, plugins.resolve(jar.getFileName()));
        return plugins;
    }

    private AlexOs runtime(Path plugins, String name) {
        return AlexOs.builder()
                .config(AlexOsConfig.of(Map.of("hello", Map.of("greeting", "hi from " + name),
                        "ledger", Map.of("durability", "none"))))
                .dataDirectory(dir.resolve(name))
                .pluginsDirectory(plugins)
                .discoverClasspathModules(false)
                .build();
    }

    @Test
    void aDropInPluginIsLoadedStartedAndUnloadedWithTheRuntime() throws Exception {
        AlexOs os = runtime(pluginsDir(), "a").start();
        AlexOsModule module = os.modules().get(0);
        assertThat(module.id()).isEqualTo("hello");
        assertThat(module.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
        assertThat(os.plugins()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("hello-plugin");
            assertThat(p.version()).isEqualTo("1.0.0");
            assertThat(p.source()).isEqualTo("plugins-dir");
            assertThat(p.state()).isEqualTo("started");
            assertThat(p.modules()).containsExactly("hello");
        });
        assertThat(os.routes()).extracting(ApiRoute::path).contains("/api/hello");
        TaskResult r = os.agents().send("hello-greeter", Task.of("greet", Json.object().put("name", "Ada")))
                .get(10, TimeUnit.SECONDS);
        assertThat(r.output().get("text").asText()).isEqualTo("hi from a Ada");
        assertThat(os.eventBus().recent("hello.*", 10)).extracting(Event::topic).containsExactly("hello.greeted");
        assertThat(Files.readString(dir.resolve("a/hello/state"))).isEqualTo("started");

        PluginClassLoader loader = (PluginClassLoader) module.getClass().getClassLoader();
        os.close();
        assertThat(Files.readString(dir.resolve("a/hello/state"))).isEqualTo("stopped");
        assertThat(loader.isClosed()).isTrue();
        assertThat(os.agents().find("hello-greeter")).isEmpty();
        assertThat(os.plugins()).noneMatch(p -> p.state().equals("started"));
    }

    @Test
    void aModuleAsksTheRuntimeForExtensionsOfPluginJars() throws Exception {
        java.util.concurrent.atomic.AtomicReference<List<AlexOsModule>> seen = new java.util.concurrent.atomic.AtomicReference<>();
        AlexOsModule asker = new AlexOsModule() {
            @Override
            public String id() {
                return "asker";
            }

            @Override
            public void start(dev.alexos.core.plugin.ModuleContext ctx) {
                seen.set(ctx.extensions(AlexOsModule.class));
            }
        };
        try (AlexOs os = AlexOs.builder()
                .config(AlexOsConfig.of(Map.of("ledger", Map.of("durability", "none"))))
                .dataDirectory(dir.resolve("ext"))
                .pluginsDirectory(pluginsDir())
                .discoverClasspathModules(false)
                .module(asker)
                .build()
                .start()) {
            // a fresh instance from the jar's class loader, not the test class path's HelloModule
            assertThat(seen.get()).singleElement().satisfies(m -> {
                assertThat(m.id()).isEqualTo("hello");
                assertThat(m.getClass()).isNotSameAs(HelloModule.class);
                assertThat(m.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
                assertThat(m).isNotSameAs(os.modules().stream().filter(x -> x.id().equals("hello")).findFirst().orElseThrow());
            });
        }
    }

    @Test
    void withoutPluginsOrClasspathScanningThereAreNoExtensions() {
        java.util.concurrent.atomic.AtomicReference<List<AlexOsModule>> seen = new java.util.concurrent.atomic.AtomicReference<>();
        AlexOsModule asker = new AlexOsModule() {
            @Override
            public String id() {
                return "asker";
            }

            @Override
            public void start(dev.alexos.core.plugin.ModuleContext ctx) {
                seen.set(ctx.extensions(AlexOsModule.class));
            }
        };
        try (AlexOs os = AlexOs.builder().dataDirectory(dir.resolve("none")).discoverClasspathModules(false)
                .module(asker).build().start()) {
            assertThat(seen.get()).isEmpty();
        }
    }

    @Test
    void theSameModuleOnTheClassPathIsFoundWithoutPf4jPackaging() {
        try (AlexOs os = AlexOs.builder().dataDirectory(dir.resolve("cp")).discoverClasspathModules(true).build()
                .start()) {
            assertThat(os.modules()).filteredOn(m -> m.id().equals("hello")).singleElement()
                    .isInstanceOf(HelloModule.class);
            assertThat(os.plugins()).filteredOn(p -> p.id().equals("hello")).singleElement()
                    .satisfies(p -> assertThat(p.source()).isEqualTo("classpath"));
            assertThat(os.agents().find("hello-greeter")).isPresent();
        }
    }

    @Test
    void twoRuntimesInOneJvmDoNotInterfere() throws Exception {
        Path plugins = pluginsDir();
        AlexOs a = runtime(plugins, "a").start();
        try (AlexOs b = runtime(plugins, "b").start()) {
            Class<?> ca = a.modules().get(0).getClass();
            Class<?> cb = b.modules().get(0).getClass();
            assertThat(ca).isNotSameAs(cb);
            a.agents().send("hello-greeter", Task.of("greet", Json.object().put("name", "x"))).get(10, TimeUnit.SECONDS);
            assertThat(a.eventBus().recent("hello.*", 10)).hasSize(1);
            assertThat(b.eventBus().recent("hello.*", 10)).isEmpty();

            a.close();
            assertThat(((PluginClassLoader) ca.getClassLoader()).isClosed()).isTrue();
            assertThat(((PluginClassLoader) cb.getClassLoader()).isClosed()).isFalse();
            TaskResult r = b.agents().send("hello-greeter", Task.of("greet", Json.object().put("name", "y")))
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.output().get("text").asText()).isEqualTo("hi from b y");
            assertThat(Files.readString(dir.resolve("b/hello/state"))).isEqualTo("started");
        } finally {
            a.close();
        }
    }

    @Test
    void aPluginWhoseConfigurationIsInvalidStopsStartUpAndIsUnloaded() throws Exception {
        AlexOs os = AlexOs.builder()
                .config(AlexOsConfig.of(Map.of("hello", Map.of("repeat", 99))))
                .dataDirectory(dir.resolve("bad")).pluginsDirectory(pluginsDir()).discoverClasspathModules(false)
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(os::start)
                .hasMessage("hello.repeat = \"99\": expected an integer in [1, 10]");
        assertThat(os.plugins()).noneMatch(p -> p.state().equals("started"));
    }
}
