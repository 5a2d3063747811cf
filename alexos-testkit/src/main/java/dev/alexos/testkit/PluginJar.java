package dev.alexos.testkit;

import dev.alexos.testkit.internal.SourceCompiler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds a real PF4J plugin jar for tests: classes compiled from Java source strings (with the
 * JDK's compiler, against the test's class path) or given as class files, a manifest with
 * {@code Plugin-Id} and {@code Plugin-Version}, and {@code META-INF/extensions.idx} listing the
 * extensions (the modules) the way PF4J's annotation processor would.
 *
 * <pre>{@code
 * Path jar = PluginJar.builder("hello", "1.0.0")
 *     .source("com.example.HelloModule", """
 *         package com.example;
 *         public final class HelloModule implements dev.alexos.core.plugin.AlexOsModule {
 *           public String id() { return "hello"; }
 *           public void start(dev.alexos.core.plugin.ModuleContext ctx) { }
 *         }""")
 *     .extension("com.example.HelloModule")
 *     .build(tempDir);
 * }</pre>
 *
 * <p>Not thread-safe; the jar it writes is an ordinary file.
 */
public final class PluginJar {
    private PluginJar() {
    }

    /** Starts a plugin jar with its id and version. */
    public static Builder builder(String pluginId, String version) {
        return new Builder(pluginId, version);
    }

    /** Configures a plugin jar. Not thread-safe. */
    public static final class Builder {
        private final String pluginId;
        private final String version;
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final Map<String, byte[]> classFiles = new LinkedHashMap<>();
        private final Map<String, byte[]> resources = new LinkedHashMap<>();
        private final List<String> extensions = new ArrayList<>();
        private final List<Path> classpath = new ArrayList<>();
        private final Map<String, String> manifest = new LinkedHashMap<>();

        private Builder(String pluginId, String version) {
            if (pluginId == null || pluginId.isBlank()) {
                throw new IllegalArgumentException("pluginId must not be blank");
            }
            this.pluginId = pluginId;
            this.version = Objects.requireNonNull(version, "version");
        }

        /** A class to compile, by its binary name ({@code com.example.Foo}). */
        public Builder source(String className, String javaSource) {
            sources.put(className, Objects.requireNonNull(javaSource, "javaSource"));
            return this;
        }

        /** A compiled class, by its binary name ({@code com.example.Foo$Inner} for nested ones). */
        public Builder classFile(String className, byte[] bytes) {
            classFiles.put(className, bytes.clone());
            return this;
        }

        /** A class of the test's class path copied into the jar (it must not be needed by the host). */
        public Builder classFrom(Class<?> type) {
            String resource = type.getName().replace('.', '/') + ".class";
            try (var in = Objects.requireNonNull(type.getClassLoader().getResourceAsStream(resource),
                    "no class file for " + type.getName())) {
                return classFile(type.getName(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the class file of " + type.getName(), e);
            }
        }

        /** A resource file in the jar, e.g. {@code web/tab.js}. */
        public Builder resource(String path, byte[] bytes) {
            resources.put(path.startsWith("/") ? path.substring(1) : path, bytes.clone());
            return this;
        }

        /** An extension class (listed in {@code META-INF/extensions.idx}). */
        public Builder extension(String className) {
            extensions.add(className);
            return this;
        }

        /** More class path for compiling the sources (the test's own class path is always there). */
        public Builder compileClasspath(Path... entries) {
            classpath.addAll(List.of(entries));
            return this;
        }

        /** Another manifest attribute, e.g. {@code Plugin-Requires} or {@code Plugin-Class}. */
        public Builder manifest(String name, String value) {
            manifest.put(name, value);
            return this;
        }

        /**
         * Compiles the sources and writes {@code <pluginId>-<version>.jar} into {@code dir}.
         *
         * @return the jar
         * @throws IllegalArgumentException when a source does not compile (with the compiler's messages)
         * @throws UncheckedIOException when the jar cannot be written
         */
        public Path build(Path dir) {
            Map<String, byte[]> classes = new LinkedHashMap<>(classFiles);
            if (!sources.isEmpty()) {
                classes.putAll(SourceCompiler.compile(sources, classpath));
            }
            Manifest mf = new Manifest();
            Attributes a = mf.getMainAttributes();
            a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            a.putValue("Plugin-Id", pluginId);
            a.putValue("Plugin-Version", version);
            a.putValue("Plugin-Provider", "alexos-testkit");
            manifest.forEach(a::putValue);
            try {
                Files.createDirectories(dir);
                Path jar = dir.resolve(pluginId + "-" + version + ".jar");
                try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, mf)) {
                    for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                        put(out, c.getKey().replace('.', '/') + ".class", c.getValue());
                    }
                    if (!extensions.isEmpty()) {
                        put(out, "META-INF/extensions.idx",
                                (String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                    for (Map.Entry<String, byte[]> r : resources.entrySet()) {
                        put(out, r.getKey(), r.getValue());
                    }
                }
                return jar;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write plugin jar " + pluginId + " into " + dir, e);
            }
        }

        private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
            out.putNextEntry(new JarEntry(name));
            out.write(bytes);
            out.closeEntry();
        }
    }
}
