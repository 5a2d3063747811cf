package dev.alexos.core.internal.plugin;

import dev.alexos.core.plugin.PluginInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Jars in the plugins directory that PF4J did not load. PF4J only logs them; listing them in
 * {@code /api/plugins} with the reason tells an operator why a dropped-in plugin is missing.
 */
final class RejectedPlugins {
    private RejectedPlugins() {
    }

    /**
     * @param directory the plugins directory
     * @param loaded paths PF4J loaded (absolute, normalized)
     * @param loadedIds ids of the plugins it loaded
     */
    static List<PluginInfo> find(Path directory, Set<Path> loaded, Set<String> loadedIds) {
        List<PluginInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.{jar,JAR}")) {
            for (Path jar : entries) {
                if (!loaded.contains(jar.toAbsolutePath().normalize())) {
                    out.add(new PluginInfo(jar.getFileName().toString(), null, PluginHost.SOURCE_PLUGINS_DIR, "failed",
                            List.of(), reason(jar, loadedIds)));
                }
            }
        } catch (IOException e) {
            out.add(new PluginInfo(directory.toString(), null, PluginHost.SOURCE_PLUGINS_DIR, "failed", List.of(),
                    "the plugins directory cannot be listed: " + e.getMessage()));
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    private static String reason(Path jar, Set<String> loadedIds) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest mf = file.getManifest();
            String id = mf == null ? null : mf.getMainAttributes().getValue("Plugin-Id");
            if (id == null || id.isBlank()) {
                return "not a PF4J plugin: no Plugin-Id in its manifest";
            }
            if (loadedIds.contains(id)) {
                return "a plugin with id '" + id + "' is already loaded from another file";
            }
            String version = mf.getMainAttributes().getValue("Plugin-Version");
            if (version == null || version.isBlank()) {
                return "no Plugin-Version in its manifest";
            }
            return "PF4J could not load plugin '" + id + "' (see the log)";
        } catch (IOException | SecurityException e) {
            return "not a readable jar: " + e.getMessage().toLowerCase(Locale.ROOT);
        }
    }
}
