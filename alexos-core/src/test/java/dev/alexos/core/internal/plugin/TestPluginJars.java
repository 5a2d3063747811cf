package dev.alexos.core.internal.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds real PF4J plugin jars in a test's temporary directory: compiles the given sources with
 * the JDK compiler and PF4J's annotation processor (which writes {@code META-INF/extensions.idx}),
 * then writes a jar whose manifest carries {@code Plugin-Id} and {@code Plugin-Version}.
 */
final class TestPluginJars {
    /** The fixture module, compiled into plugins from its own source. */
    static final Path HELLO_SOURCE = Path.of("src/test/java/dev/alexos/fixtures/hello/HelloModule.java");

    private TestPluginJars() {
    }

    static Path build(Path workDir, String pluginId, String version, List<Path> sources) throws IOException {
        Path classes = Files.createDirectories(workDir.resolve(pluginId + "-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of(
                "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path"),
                "-processor", "org.pf4j.processor.ExtensionAnnotationProcessor",
                "--release", "17"));
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            var units = files.getJavaFileObjectsFromPaths(sources);
            if (!javac.getTask(out, files, null, args, null, units).call()) {
                throw new IllegalStateException("compiling the plugin failed:\n" + out);
            }
        }
        if (!Files.exists(classes.resolve("META-INF/extensions.idx"))) {
            throw new IllegalStateException("PF4J's annotation processor wrote no extensions.idx");
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Plugin-Id", pluginId);
        mf.getMainAttributes().putValue("Plugin-Version", version);
        Path jar = workDir.resolve(pluginId + "-" + version + ".jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os, mf);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }
        return jar;
    }
}
