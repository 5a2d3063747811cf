package dev.alexos.watchtower.internal.update;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Recreates a container's configuration for a new image: exactly what the old container was
 * given (command, entrypoint, env, labels, mounts, ports, restart policy, resources, networks,
 * health check, user, working dir), while settings the old container only inherited from its
 * old image are left out so that the new image's defaults apply.
 */
final class ContainerSpec {
    private ContainerSpec() {
    }

        /** The container's env entries that its old image did not set (the image's own are left to the new image). */
    static List<String> ownEnv(ContainerConfig c, ContainerConfig oldImage) {
        if (c.getEnv() == null) {
            return List.of();
        }
        List<String> imageEnv = oldImage == null || oldImage.getEnv() == null ? List.of() : Arrays.asList(oldImage.getEnv());
        return Arrays.stream(c.getEnv()).filter(e -> !imageEnv.contains(e)).toList();
    }

    /** The container's labels that its old image did not set with the same value. */
    static Map<String, String> ownLabels(ContainerConfig c, ContainerConfig oldImage) {
        Map<String, String> imageLabels = oldImage == null || oldImage.getLabels() == null ? Map.of() : oldImage.getLabels();
        Map<String, String> labels = new LinkedHashMap<>();
        if (c.getLabels() != null) {
            c.getLabels().forEach((k, v) -> {
                if (!Objects.equals(imageLabels.get(k), v)) {
                    labels.put(k, v);
                }
            });
        }
        return labels;
    }

/**
     * @param oldImage the old image's config, or {@code null} when the old image is gone (then
     *     everything the container had is kept as given)
     */
    static CreateContainerCmd recreate(DockerClient docker, InspectContainerResponse old, ContainerConfig oldImage,
            String image, String name) {
        ContainerConfig c = old.getConfig();
        CreateContainerCmd cmd = docker.createContainerCmd(image).withName(name).withHostConfig(old.getHostConfig());
        if (!inherited(c.getCmd(), oldImage == null ? null : oldImage.getCmd())) {
            cmd.withCmd(c.getCmd());
        }
        if (!inherited(c.getEntrypoint(), oldImage == null ? null : oldImage.getEntrypoint())) {
            cmd.withEntrypoint(c.getEntrypoint());
        }
        if (c.getEnv() != null) {
            cmd.withEnv(ownEnv(c, oldImage));
        }
        cmd.withLabels(ownLabels(c, oldImage));
        if (c.getUser() != null && !c.getUser().isEmpty()
                && !Objects.equals(c.getUser(), oldImage == null ? null : oldImage.getUser())) {
            cmd.withUser(c.getUser());
        }
        if (c.getWorkingDir() != null && !c.getWorkingDir().isEmpty()
                && !Objects.equals(c.getWorkingDir(), oldImage == null ? null : oldImage.getWorkingDir())) {
            cmd.withWorkingDir(c.getWorkingDir());
        }
        if (c.getHealthcheck() != null
                && !Objects.equals(c.getHealthcheck(), oldImage == null ? null : oldImage.getHealthcheck())) {
            cmd.withHealthcheck(c.getHealthcheck());
        }
        if (c.getExposedPorts() != null) {
            Set<ExposedPort> fromImage = oldImage == null || oldImage.getExposedPorts() == null
                    ? Set.of() : Set.of(oldImage.getExposedPorts());
            List<ExposedPort> own = Arrays.stream(c.getExposedPorts()).filter(p -> !fromImage.contains(p)).toList();
            if (!own.isEmpty()) {
                cmd.withExposedPorts(own);
            }
        }
        cmd.withTty(c.getTty());
        cmd.withStdinOpen(c.getStdinOpen());
        cmd.withAttachStdin(c.getAttachStdin());
        cmd.withAttachStdout(c.getAttachStdout());
        cmd.withAttachStderr(c.getAttachStderr());
        return cmd;
    }

    private static boolean inherited(String[] container, String[] image) {
        return container == null || Arrays.equals(container, image);
    }
}
