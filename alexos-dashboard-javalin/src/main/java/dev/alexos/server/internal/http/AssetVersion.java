package dev.alexos.server.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A short hash of every file under a class-path folder (names and bytes), used as the version
 * in the dashboard's asset URLs ({@code /dashboard/v/<version>/...}): any change to any file
 * gives new URLs, so the files can be cached as immutable. Reads the folder from a jar or from
 * a directory (tests, IDE); when neither works it falls back to a random version, i.e. caching
 * per server start, never stale files.
 */
final class AssetVersion {
    private AssetVersion() {
    }

    static String of(ClassLoader loader, String folder) {
        try {
            TreeMap<String, byte[]> files = new TreeMap<>();
            for (URL url : java.util.Collections.list(loader.getResources(folder))) {
                if ("jar".equals(url.getProtocol())) {
                    readJar(url, folder, files);
                } else if ("file".equals(url.getProtocol())) {
                    readDirectory(Path.of(url.toURI()), files);
                }
            }
            if (files.isEmpty()) {
                return random();
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.forEach((name, bytes) -> {
                sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException e) {
            return random();
        }
    }

    /** A strong validator for one response body. */
    static String etag(byte[] bytes) {
        try {
            return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static void readJar(URL url, String folder, TreeMap<String, byte[]> files) throws IOException {
        JarURLConnection c = (JarURLConnection) url.openConnection();
        c.setUseCaches(false);
        try (JarFile jar = c.getJarFile()) {
            List<JarEntry> entries = new ArrayList<>();
            jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(folder)).forEach(entries::add);
            for (JarEntry e : entries) {
                try (InputStream in = jar.getInputStream(e)) {
                    files.put(e.getName(), in.readAllBytes());
                }
            }
        }
    }

    private static void readDirectory(Path root, TreeMap<String, byte[]> files) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
    }

    private static String random() {
        return Long.toHexString(System.nanoTime() ^ new java.security.SecureRandom().nextLong());
    }
}
