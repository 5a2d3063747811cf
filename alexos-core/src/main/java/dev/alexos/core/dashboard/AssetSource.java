package dev.alexos.core.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Reads static files of a dashboard tab. Implementations refuse paths that escape their root. */
@FunctionalInterface
public interface AssetSource {

    /** The file's bytes, or empty when there is no such file (or the path is not allowed). */
    Optional<byte[]> read(String relativePath);

    /**
     * Files from a class loader under a resource prefix, e.g.
     * {@code AssetSource.classpath(getClass().getClassLoader(), "alexos/tabs/watchtower/")}.
     */
    static AssetSource classpath(ClassLoader loader, String prefix) {
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        return path -> {
            if (path == null || path.isEmpty() || path.contains("..") || path.startsWith("/") || path.contains("\\")) {
                return Optional.empty();
            }
            try (InputStream in = loader.getResourceAsStream(base + path)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("reading asset " + base + path, e);
            }
        };
    }
}
