package dev.alexos.core.plugin;

import java.util.List;

/**
 * A loaded plugin or classpath module, as listed by {@code /api/plugins}.
 *
 * @param id plugin id (or module id for classpath and programmatic modules)
 * @param version plugin version ({@code null} when unknown)
 * @param source {@code plugins-dir}, {@code classpath} or {@code programmatic}
 * @param state {@code started}, {@code stopped}, {@code failed}, ...
 * @param modules ids of the modules it contributed
 * @param error why it failed, or {@code null}
 */
public record PluginInfo(String id, String version, String source, String state, List<String> modules, String error) {
    public PluginInfo {
        modules = List.copyOf(modules == null ? List.of() : modules);
    }
}
