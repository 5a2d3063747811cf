package dev.alexos.watchtower.internal.update;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.alexos.watchtower.internal.update.UpdateService.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engines say about the containers the {@link UpdateService} may update: which are
 * watched (by their policy labels) with their image's local digests, where a container is, what
 * it depends on, and each engine's platform (cached: it does not change while the engine runs).
 *
 * <p>Thread-safe. Every method but {@link #ociPlatform} asks an engine and blocks.
 */
final class UpdateTargets {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateTargets.class);

    private final List<Endpoint> endpoints;
    private final Map<String, String> platforms = new ConcurrentHashMap<>();

    UpdateTargets(List<Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    /** A container the service watches, with what its engine says about its image. */
    record Watched(Endpoint endpoint, String id, String name, String image, ImageRef ref, List<String> localDigests,
            UpdatePolicy policy) {
    }

    Watched watched(Endpoint e, String id, UpdateSettings s) {
        Optional<InspectContainerResponse> i = inspect(e, id);
        if (i.isEmpty()) {
            return null;
        }
        InspectContainerResponse c = i.get();
        UpdatePolicy policy = UpdatePolicy.of(c.getConfig().getLabels(), s);
        if (!policy.watched()) {
            return null;
        }
        ImageRef ref;
        try {
            ref = ImageRef.parse(c.getConfig().getImage());
        } catch (IllegalArgumentException ex) {
            return null;
        }
        if (ref.pinnedByDigest()) {
            return null;
        }
        return new Watched(e, c.getId(), name(c), c.getConfig().getImage(), ref, localDigests(e, c.getImageId(), ref), policy);
    }

    List<String> localDigests(Endpoint e, String imageId, ImageRef ref) {
        try {
            List<String> digests = e.docker().inspectImageCmd(imageId).exec().getRepoDigests();
            return digests == null ? List.of() : digests.stream().filter(d -> d.startsWith(ref.repoDigestPrefix()))
                    .map(d -> d.substring(d.indexOf('@') + 1)).toList();
        } catch (NotFoundException ex) {
            return List.of();
        }
    }

    /** A container found on one of the engines. */
    record Located(Endpoint endpoint, InspectContainerResponse inspect) {
    }

    Located locate(String ref) {
        for (Endpoint e : endpoints) {
            Optional<InspectContainerResponse> i = inspect(e, ref);
            if (i.isPresent()) {
                return new Located(e, i.get());
            }
        }
        throw new NotFoundException("container '" + ref + "' does not exist");
    }

    Optional<InspectContainerResponse> inspect(Endpoint e, String ref) {
        try {
            return Optional.of(e.docker().inspectContainerCmd(ref).exec());
        } catch (NotFoundException ex) {
            return Optional.empty();
        }
    }

    /**
     * The engine's {@code os/arch} in OCI terms (picks the entry of a multi-platform image);
     * {@code linux/amd64} when the engine cannot say.
     */
    String platform(Endpoint e) {
        return platforms.computeIfAbsent(e.name(), n -> {
            try {
                var info = e.docker().infoCmd().exec();
                return ociPlatform(info.getOsType(), info.getArchitecture());
            } catch (RuntimeException ex) {
                LOG.info("engine {} did not tell its platform, assuming linux/amd64: {}", n, ex.getMessage());
                return "linux/amd64";
            }
        });
    }

    /** Maps the engine's {@code uname}-style architecture to the OCI platform name. */
    static String ociPlatform(String os, String arch) {
        String a = arch == null ? "" : arch.toLowerCase(java.util.Locale.ROOT);
        String oci = switch (a) {
            case "x86_64", "amd64", "" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "armv7l", "armhf", "arm" -> "arm/v7";
            case "armv6l" -> "arm/v6";
            case "i386", "i686", "386" -> "386";
            default -> a;
        };
        return (os == null || os.isBlank() ? "linux" : os.toLowerCase(java.util.Locale.ROOT)) + "/" + oci;
    }

    Optional<Endpoint> endpoint(String name) {
        return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    static String name(InspectContainerResponse c) {
        return c.getName().startsWith("/") ? c.getName().substring(1) : c.getName();
    }

    static List<String> dependencies(InspectContainerResponse c) {
        List<String> deps = new ArrayList<>(UpdatePolicy.of(c.getConfig().getLabels(), UpdateSettingsDefaults.NONE).dependsOn());
        var hc = c.getHostConfig();
        if (hc.getNetworkMode() != null && hc.getNetworkMode().startsWith("container:")) {
            deps.add(hc.getNetworkMode().substring("container:".length()));
        }
        if (hc.getLinks() != null) {
            for (var link : hc.getLinks()) {
                deps.add(link.getName().replaceFirst("^/", ""));
            }
        }
        return deps;
    }
}
