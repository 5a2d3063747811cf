package dev.alexos.watchtower.internal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.alexos.core.json.Json;
import dev.alexos.watchtower.ContainerInfo;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON array of a container list, built from each container's JSON serialized once.
 * {@link ContainerInfo} is an immutable record that the monitor replaces when anything about the
 * container changes, so a container's JSON stays valid for as long as the list holds the same
 * instance: a dashboard polling 200 containers re-serializes only the ones that changed
 * (measured in docs/performance.md, "Server"). Thread-safe.
 */
final class ContainerListJson {
    private record Cached(ContainerInfo info, String json) {
    }

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    /** The list as a raw JSON array, written as-is by Jackson wherever it is embedded. */
    RawValue of(List<ContainerInfo> list) {
        StringBuilder out = new StringBuilder(list.size() * 1024 + 2).append('[');
        for (ContainerInfo c : list) {
            String key = c.endpoint() + '\u0000' + c.id();
            Cached cached = cache.get(key);
            if (cached == null || cached.info() != c) {
                cached = new Cached(c, serialize(c));
                cache.put(key, cached);
            }
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(cached.json());
        }
        return new RawValue(out.append(']').toString());
    }

    /**
     * Forgets containers that are gone; call with the complete current list (not a filtered one)
     * so the cache holds at most one entry per existing container.
     */
    void retainOnly(List<ContainerInfo> all) {
        if (cache.size() <= all.size()) {
            return;
        }
        Set<String> keep = new HashSet<>();
        for (ContainerInfo c : all) {
            keep.add(c.endpoint() + '\u0000' + c.id());
        }
        cache.keySet().retainAll(keep);
    }

    private static String serialize(ContainerInfo c) {
        try {
            return Json.mapper().writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
