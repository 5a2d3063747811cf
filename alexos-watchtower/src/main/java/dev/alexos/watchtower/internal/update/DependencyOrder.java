package dev.alexos.watchtower.internal.update;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders containers so that each is updated after the containers it depends on (links,
 * {@code network_mode: container:<name>}, the depends-on label). Dependencies outside the set
 * are ignored; a cycle is broken at the point it is found, keeping the input order.
 */
final class DependencyOrder {
    private DependencyOrder() {
    }

    /** @param dependsOn container name → names it depends on */
    static List<String> sort(List<String> names, Map<String, List<String>> dependsOn) {
        Set<String> done = new LinkedHashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        Map<String, List<String>> deps = new LinkedHashMap<>(dependsOn);
        for (String n : names) {
            visit(n, names, deps, visiting, done);
        }
        return new ArrayList<>(done);
    }

    private static void visit(String n, List<String> names, Map<String, List<String>> deps, Set<String> visiting, Set<String> done) {
        if (done.contains(n) || !visiting.add(n)) {
            return;
        }
        for (String d : deps.getOrDefault(n, List.of())) {
            if (names.contains(d)) {
                visit(d, names, deps, visiting, done);
            }
        }
        visiting.remove(n);
        done.add(n);
    }
}
