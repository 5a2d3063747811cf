package dev.alexos.core.internal.plugin;

import java.nio.file.Path;
import java.util.List;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;

/**
 * PF4J's default manager (jar and directory plugins, {@code extensions.idx} and service-file
 * extension finders) with one change: the classes a plugin shares with the host — the ALEX OS
 * API, Jackson, SLF4J — always come from the host. A plugin jar that bundles a copy of them by
 * mistake would otherwise get its own {@code AlexOsModule} type and fail with a
 * {@link ClassCastException} far from the cause.
 */
final class AlexOsPluginManager extends DefaultPluginManager {
    private static final List<String> HOST_PACKAGES = List.of(
            "dev.alexos.core.", "com.fasterxml.jackson.", "org.slf4j.");

    AlexOsPluginManager(Path pluginsRoot) {
        super(List.of(pluginsRoot));
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        // JarPluginLoader adds the jar itself.
                        return new HostFirstClassLoader(pluginManager, descriptor);
                    }
                })
                .add(new DefaultPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new HostFirstClassLoader(pluginManager, descriptor);
                    }
                });
    }

    /** A plugin class loader that leaves the shared API packages to the host. */
    private static final class HostFirstClassLoader extends PluginClassLoader {
        HostFirstClassLoader(PluginManager manager, PluginDescriptor descriptor) {
            super(manager, descriptor, AlexOsPluginManager.class.getClassLoader());
        }

        @Override
        protected boolean shouldDelegateToParent(String className) {
            if (super.shouldDelegateToParent(className)) {
                return true;
            }
            for (String p : HOST_PACKAGES) {
                if (className.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }
}
