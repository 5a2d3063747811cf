package dev.alexos.core.internal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.plugin.PluginInfo;
import dev.alexos.fixtures.hello.HelloModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;

class PluginHostTest {

    @TempDir
    Path dir;

    private Path pluginsDir() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = TestPluginJars.build(Files.createDirectories(dir.resolve("build")), "hello-plugin", "1.2.3",
                List.of(TestPluginJars.HELLO_SOURCE));
        Files.move(jar, plugins.resolve(jar.getFileName()));
        return plugins;
    }

    @Test
    void loadsAModuleFromADropInJarAndUnloadsItOnClose() throws IOException {
        PluginHost host = new PluginHost(pluginsDir(), false, dir.resolve("scratch"));
        List<PluginHost.Discovered> found = host.discover();
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.module().id()).isEqualTo("hello");
            assertThat(d.source()).isEqualTo(PluginHost.SOURCE_PLUGINS_DIR);
            assertThat(d.pluginId()).isEqualTo("hello-plugin");
            assertThat(d.version()).isEqualTo("1.2.3");
            // Loaded from the jar, not from the test class path where the same class also lives.
            assertThat(d.module().getClass()).isNotSameAs(HelloModule.class);
            assertThat(d.module().getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
        });
        assertThat(host.plugins()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("hello-plugin");
            assertThat(p.state()).isEqualTo("started");
            assertThat(p.source()).isEqualTo("plugins-dir");
        });
        PluginClassLoader loader = (PluginClassLoader) found.get(0).module().getClass().getClassLoader();
        host.close();
        assertThat(loader.isClosed()).isTrue();
        assertThat(host.plugins()).isEmpty();
        host.close();
    }

    @Test
    void extensionsComeFromPluginsThenTheClassPathAsNewInstances() throws IOException {
        PluginHost host = new PluginHost(pluginsDir(), true, dir.resolve("scratch"));
        assertThat(host.extensions(dev.alexos.core.plugin.AlexOsModule.class)).isEmpty();
        host.discover();
        var found = host.extensions(dev.alexos.core.plugin.AlexOsModule.class);
        assertThat(found).filteredOn(m -> m.id().equals("hello")).hasSize(2);
        assertThat(found.get(0).getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
        assertThat(found).filteredOn(m -> m instanceof HelloModule).hasSize(1);
        assertThat(host.extensions(dev.alexos.core.plugin.AlexOsModule.class).get(0)).isNotSameAs(found.get(0));
        host.close();
        assertThat(host.extensions(dev.alexos.core.plugin.AlexOsModule.class)).isEmpty();
    }

    @Test
    void findsTheSameModuleOnTheClassPathWithoutPf4jPackaging() {
        PluginHost host = new PluginHost(null, true, dir.resolve("scratch"));
        List<PluginHost.Discovered> found = host.discover();
        assertThat(found).filteredOn(d -> d.module().id().equals("hello")).singleElement().satisfies(d -> {
            assertThat(d.module()).isInstanceOf(HelloModule.class);
            assertThat(d.source()).isEqualTo(PluginHost.SOURCE_CLASSPATH);
            assertThat(d.pluginId()).isNull();
        });
        assertThat(host.plugins()).isEmpty();
        assertThat(Files.exists(dir.resolve("scratch"))).isFalse();
        host.close();
    }

    @Test
    void twoHostsOverOneDirectoryHaveTheirOwnClassLoaders() throws IOException {
        Path plugins = pluginsDir();
        PluginHost a = new PluginHost(plugins, false, dir.resolve("a"));
        PluginHost b = new PluginHost(plugins, false, dir.resolve("b"));
        Class<?> ca = a.discover().get(0).module().getClass();
        Class<?> cb = b.discover().get(0).module().getClass();
        assertThat(ca).isNotSameAs(cb);
        a.close();
        assertThat(((PluginClassLoader) ca.getClassLoader()).isClosed()).isTrue();
        assertThat(((PluginClassLoader) cb.getClassLoader()).isClosed()).isFalse();
        assertThat(b.plugins()).extracting(PluginInfo::state).containsExactly("started");
        b.close();
    }

    @Test
    void aMissingPluginsDirectoryLoadsNothing() {
        PluginHost host = new PluginHost(dir.resolve("absent"), false, dir.resolve("scratch"));
        assertThat(host.discover()).isEmpty();
        assertThat(host.plugins()).isEmpty();
        host.close();
    }

    @Test
    void jarsPf4jCannotLoadAreListedAsFailedWithTheReason() throws IOException {
        Path plugins = pluginsDir();
        Files.write(plugins.resolve("garbage.jar"), new byte[] {1, 2, 3});
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(plugins.resolve("plain.jar")),
                new java.util.jar.Manifest())) {
            jar.putNextEntry(new java.util.jar.JarEntry("x.txt"));
        }
        Files.copy(plugins.resolve("hello-plugin-1.2.3.jar"), plugins.resolve("hello-copy.jar"));
        PluginHost host = new PluginHost(plugins, false, dir.resolve("scratch"));
        assertThat(host.discover()).extracting(d -> d.module().id()).containsExactly("hello");
        // Two jars carry plugin id 'hello-plugin': one is loaded, the other listed as failed.
        assertThat(host.plugins()).extracting(PluginInfo::state).containsExactly("started", "failed", "failed", "failed");
        assertThat(host.plugins().get(0).id()).isEqualTo("hello-plugin");
        assertThat(host.plugins()).extracting(PluginInfo::id).contains("garbage.jar", "plain.jar");
        assertThat(host.plugins()).filteredOn(p -> p.id().equals("garbage.jar")).singleElement()
                .satisfies(p -> assertThat(p.error()).startsWith("not a readable jar"));
        assertThat(host.plugins()).filteredOn(p -> p.id().equals("plain.jar")).singleElement()
                .satisfies(p -> assertThat(p.error()).isEqualTo("not a PF4J plugin: no Plugin-Id in its manifest"));
        assertThat(host.plugins()).filteredOn(p -> p.state().equals("failed") && p.id().startsWith("hello-"))
                .singleElement()
                .satisfies(p -> assertThat(p.error()).contains("'hello-plugin' is already loaded from another file"));
        host.close();
    }
}
