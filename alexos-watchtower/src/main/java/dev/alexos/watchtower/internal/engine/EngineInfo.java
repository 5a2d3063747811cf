package dev.alexos.watchtower.internal.engine;

import java.time.Instant;

/**
 * What an engine says about itself.
 *
 * @param product {@code docker} or {@code podman}
 * @param version the engine's version
 * @param apiVersion the API version it speaks
 * @param os operating system
 * @param systemTime the engine's clock when asked (where events are counted from)
 */
public record EngineInfo(String product, String version, String apiVersion, String os, Instant systemTime) {

    public boolean isPodman() {
        return "podman".equals(product);
    }
}
