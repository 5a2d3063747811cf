package dev.alexos.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch directories for disk benchmarks, on the disk under test: {@code -Dalexos.bench.dir}
 * (default {@code java.io.tmpdir}). Pass the same directory to every disk benchmark of a run
 * so that ratios compare like with like.
 */
final class BenchDirs {
    private BenchDirs() {
    }

    static Path create(String prefix) {
        try {
            Path base = Path.of(System.getProperty("alexos.bench.dir", System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
