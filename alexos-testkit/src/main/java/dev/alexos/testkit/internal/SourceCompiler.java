package dev.alexos.testkit.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.plugin.AlexOsModule;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java source strings with the JDK's compiler into class bytes. */
public final class SourceCompiler {
    private SourceCompiler() {
    }

    /**
     * @param sources binary class name → source
     * @param extraClasspath more class path entries
     * @return binary class name → class bytes (nested classes included)
     * @throws IllegalArgumentException with the compiler's messages when compilation fails
     */
    public static Map<String, byte[]> compile(Map<String, String> sources, List<Path> extraClasspath) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler: run the tests on a JDK, not a JRE");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("alexos-pluginjar-");
            Path src = Files.createDirectories(work.resolve("src"));
            Path out = Files.createDirectories(work.resolve("classes"));
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-proc:none", "--release", "17",
                    "-encoding", "UTF-8", "-classpath", classpath(extraClasspath)));
            for (Map.Entry<String, String> s : sources.entrySet()) {
                Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, s.getValue());
                args.add(file.toString());
            }
            StringWriter messages = new StringWriter();
            int rc = javac.run(null, null, new java.io.PrintStream(new WriterOutputStream(messages), true),
                    args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalArgumentException("plugin sources do not compile:\n" + messages);
            }
            Map<String, byte[]> classes = new LinkedHashMap<>();
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    String rel = out.relativize(f).toString().replace(File.separatorChar, '/');
                    classes.put(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'), Files.readAllBytes(f));
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compile plugin sources", e);
        } finally {
            try {
                Files2.deleteTree(work);
            } catch (IOException ignored) {
                // A temp directory left behind is harmless.
            }
        }
    }

    /** The test's class path plus the jars of the API a plugin compiles against (for manifest-only class paths). */
    private static String classpath(List<Path> extra) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> api : List.of(AlexOsModule.class, org.pf4j.ExtensionPoint.class, JsonNode.class,
                JsonParser.class, com.fasterxml.jackson.annotation.JsonInclude.class, org.slf4j.Logger.class, SourceCompiler.class)) {
            try {
                var cs = api.getProtectionDomain().getCodeSource();
                if (cs != null) {
                    entries.add(Path.of(cs.getLocation().toURI()).toString());
                }
            } catch (URISyntaxException | SecurityException e) {
                // Fall back on java.class.path below.
            }
        }
        extra.forEach(p -> entries.add(p.toString()));
        entries.add(System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, entries);
    }

    /** Adapts a Writer to the OutputStream the compiler's run method wants. */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final StringWriter w;

        WriterOutputStream(StringWriter w) {
            this.w = w;
        }

        @Override
        public void write(int b) {
            w.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            w.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
