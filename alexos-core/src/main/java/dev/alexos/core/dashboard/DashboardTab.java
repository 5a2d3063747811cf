package dev.alexos.core.dashboard;

import dev.alexos.core.http.Role;
import java.util.Objects;

/**
 * A dashboard tab contributed by a module. The host serves {@code assets} under
 * {@code /dashboard/tabs/<id>/} and loads {@code entryModule} (an ES module that exports
 * {@code mount(element, api)}) when the tab is opened.
 *
 * @param id url-safe id, e.g. {@code watchtower}
 * @param title shown on the tab
 * @param entryModule path of the ES module inside {@code assets}, e.g. {@code tab.js}
 * @param order position among tabs (lower first)
 * @param role minimum role to see the tab
 * @param assets where the tab's files come from (usually the plugin's jar)
 */
public record DashboardTab(String id, String title, String entryModule, int order, Role role, AssetSource assets) {
    public DashboardTab {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(entryModule, "entryModule");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(assets, "assets");
        if (!id.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("tab id must be lower-case letters, digits and '-': " + id);
        }
    }
}
