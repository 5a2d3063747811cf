package dev.alexos.watchtower.internal.update;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Updates one container to the newest build of its image without ever losing it.
 *
 * <p>Unlike containrrr/watchtower, which removes the old container before creating the new
 * one, the old container is only <em>renamed and stopped</em>; it is removed after the new one
 * has proved healthy. If any step fails, the new container is removed and the old one gets its
 * name back and is started again. Every phase is written ahead to the {@link UpdateJournal},
 * so a crash at any point is finished or rolled back by {@link #recover()} on the next start.
 *
 * <p>Blocking: runs on the caller's thread (a worker, never an event loop). One update per
 * container at a time is the caller's job.
 */
public final class SafeUpdater {
    private static final Logger LOG = LoggerFactory.getLogger(SafeUpdater.class);

    /**
     * @param healthTimeout how long the new container may take to report healthy
     * @param grace without a health check: how long it must keep running, not restarting
     * @param stopTimeout given to the old container to stop
     * @param pullTimeout for the image pull
     * @param cleanup remove the old image after a successful update
     */
    public record Settings(Duration healthTimeout, Duration grace, Duration stopTimeout, Duration pullTimeout, boolean cleanup) {
    }

    private final DockerClient docker;
    private final UpdateJournal journal;
    private final Clock clock;
    private final Settings settings;
    private final Consumer<UpdateJournal.Phase> phaseHook;

    /**
     * @param phaseHook called after each journal write (tests use it to crash at a given phase)
     */
    public SafeUpdater(DockerClient docker, UpdateJournal journal, Clock clock, Settings settings,
            Consumer<UpdateJournal.Phase> phaseHook) {
        this.docker = docker;
        this.journal = journal;
        this.clock = clock;
        this.settings = settings;
        this.phaseHook = phaseHook == null ? p -> { } : phaseHook;
    }

    /**
     * Pulls the container's image and, when it changed (or {@code force}), replaces the
     * container safely.
     *
     * @param newDigest the registry digest that triggered the update, for the record, or {@code null}
     * @return the record of the attempt (never throws for a failed update: the record says)
     * @throws NotFoundException when there is no such container
     */
    public UpdateRecord update(String containerRef, String requestedBy, String newDigest, boolean force) {
        Instant started = clock.instant();
        String id = UUID.randomUUID().toString();
        InspectContainerResponse old = docker.inspectContainerCmd(containerRef).exec();
        String name = old.getName().startsWith("/") ? old.getName().substring(1) : old.getName();
        String image = old.getConfig().getImage();
        ImageRef ref;
        try {
            ref = ImageRef.parse(image);
        } catch (IllegalArgumentException e) {
            return record(id, name, old, null, image, null, null, newDigest, UpdateRecord.FAILED, e.getMessage(), requestedBy, started);
        }
        String oldDigest = repoDigest(old.getImageId(), ref);
        if (ref.pinnedByDigest()) {
            return record(id, name, old, null, image, null, oldDigest, newDigest, UpdateRecord.FAILED,
                    "image " + image + " is pinned by digest and is never updated", requestedBy, started);
        }
        ContainerConfig oldImageConfig = imageConfig(old.getImageId());
        try {
            pull(ref);
        } catch (UpdateFailure e) {
            return record(id, name, old, null, image, null, oldDigest, newDigest, UpdateRecord.FAILED, e.getMessage(), requestedBy, started);
        }
        InspectImageResponse pulled = docker.inspectImageCmd(image).exec();
        String pulledDigest = repoDigest(pulled.getId(), ref);
        if (Objects.equals(pulled.getId(), old.getImageId()) && !force) {
            return record(id, name, old, null, image, pulled.getId(), oldDigest, pulledDigest, UpdateRecord.UP_TO_DATE,
                    null, requestedBy, started);
        }
        journal.saveKnownGood(name, old);
        boolean wasRunning = Boolean.TRUE.equals(old.getState().getRunning());
        String parked = name + "-alexos-old-" + old.getId().substring(0, 12);
        UpdateJournal.Entry entry = new UpdateJournal.Entry(name, old.getId(), parked, wasRunning, null,
                UpdateJournal.Phase.STARTED, id, image, started);
        step(entry);
        try {
            docker.renameContainerCmd(old.getId()).withName(parked).exec();
            entry = step(entry.at(UpdateJournal.Phase.RENAMED));
            if (wasRunning) {
                stop(old.getId());
            }
            entry = step(entry.at(UpdateJournal.Phase.STOPPED));
            String newId = ContainerSpec.recreate(docker, old, oldImageConfig, image, name).exec().getId();
            entry = step(entry.withNew(newId));
            connectExtraNetworks(old, newId);
            docker.startContainerCmd(newId).exec();
            entry = step(entry.at(UpdateJournal.Phase.NEW_STARTED));
            awaitHealthy(newId);
            entry = step(entry.at(UpdateJournal.Phase.HEALTHY));
            finish(entry);
            journal.saveKnownGood(name, docker.inspectContainerCmd(newId).exec());
            if (settings.cleanup()) {
                removeImageQuietly(old.getImageId());
            }
            return record(id, name, old, newId, image, pulled.getId(), oldDigest, pulledDigest, UpdateRecord.APPLIED,
                    null, requestedBy, started);
        } catch (Exception e) {
            String reason = e instanceof UpdateFailure ? e.getMessage() : "update failed: " + e.getMessage();
            LOG.warn("update of {} to {} failed, rolling back: {}", name, image, reason);
            rollback(entry);
            return record(id, name, old, null, image, pulled.getId(), oldDigest, pulledDigest, UpdateRecord.ROLLED_BACK,
                    reason, requestedBy, started);
        }
    }

    /**
     * Finishes or rolls back every update that a crash interrupted: an update that had
     * proved healthy is finished (old container removed); any other is rolled back.
     *
     * @return what was done, one record per interrupted update
     */
    public List<UpdateRecord> recover() {
        return journal.pending().stream().map(e -> {
            Instant started = clock.instant();
            if (e.phase() == UpdateJournal.Phase.HEALTHY) {
                finish(e);
                return new UpdateRecord(e.updateId(), e.containerName(), e.oldContainerId(), e.newContainerId(), e.image(),
                        null, null, null, null, UpdateRecord.APPLIED, "finished after a restart", "recovery", e.startedAt(), started);
            }
            rollback(e);
            return new UpdateRecord(e.updateId(), e.containerName(), e.oldContainerId(), null, e.image(), null, null, null, null,
                    UpdateRecord.ROLLED_BACK, "interrupted at phase " + e.phase().name().toLowerCase() + " by a restart",
                    "recovery", e.startedAt(), started);
        }).toList();
    }

    private UpdateJournal.Entry step(UpdateJournal.Entry e) {
        journal.write(e);
        phaseHook.accept(e.phase());
        return e;
    }

    private void finish(UpdateJournal.Entry e) {
        try {
            docker.removeContainerCmd(e.oldContainerId()).withForce(true).exec();
        } catch (NotFoundException gone) {
            // Already removed before the crash.
        }
        journal.clear(e.containerName());
    }

    /** Puts the old container back under its name, running if it was; removes the new one. */
    private void rollback(UpdateJournal.Entry e) {
        try {
            String holder = idOf(e.containerName());
            if (holder != null && !holder.equals(e.oldContainerId())) {
                docker.removeContainerCmd(holder).withForce(true).exec();
            }
            if (e.newContainerId() != null && !e.newContainerId().equals(holder)) {
                try {
                    docker.removeContainerCmd(e.newContainerId()).withForce(true).exec();
                } catch (NotFoundException gone) {
                    // Never created or already removed.
                }
            }
            InspectContainerResponse old = docker.inspectContainerCmd(e.oldContainerId()).exec();
            if (!old.getName().equals("/" + e.containerName())) {
                docker.renameContainerCmd(e.oldContainerId()).withName(e.containerName()).exec();
            }
            if (e.oldWasRunning() && !Boolean.TRUE.equals(old.getState().getRunning())) {
                try {
                    docker.startContainerCmd(e.oldContainerId()).exec();
                } catch (NotModifiedException already) {
                    // Started meanwhile.
                }
            }
            journal.clear(e.containerName());
        } catch (RuntimeException ex) {
            // Keep the journal entry: the next recover() tries again; the old container is never removed.
            LOG.error("rollback of {} incomplete, will retry on the next recovery: {}", e.containerName(), ex.getMessage());
        }
    }

    private String idOf(String name) {
        try {
            return docker.inspectContainerCmd(name).exec().getId();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private void stop(String containerId) {
        try {
            docker.stopContainerCmd(containerId).withTimeout((int) settings.stopTimeout().toSeconds()).exec();
        } catch (NotModifiedException alreadyStopped) {
            // Exited on its own meanwhile.
        }
    }

    private void pull(ImageRef ref) throws UpdateFailure {
        String repo = ref.registry().equals(ImageRef.DOCKER_HUB) ? ref.repository() : ref.registry() + "/" + ref.repository();
        try {
            boolean done = docker.pullImageCmd(repo).withTag(ref.tag()).exec(new PullImageResultCallback())
                    .awaitCompletion(settings.pullTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                throw new UpdateFailure("pull of " + ref + " did not finish within " + settings.pullTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpdateFailure("pull of " + ref + " interrupted", e);
        } catch (RuntimeException e) {
            throw new UpdateFailure("pull of " + ref + " failed: " + e.getMessage(), e);
        }
    }

    private void connectExtraNetworks(InspectContainerResponse old, String newId) {
        String primary = old.getHostConfig().getNetworkMode();
        Map<String, ContainerNetwork> nets = old.getNetworkSettings() == null ? null : old.getNetworkSettings().getNetworks();
        if (nets == null) {
            return;
        }
        nets.forEach((net, cfg) -> {
            if (!net.equals(primary) && !net.equals("none") && !net.equals("host")) {
                docker.connectToNetworkCmd().withNetworkId(net).withContainerId(newId)
                        .withContainerNetwork(new ContainerNetwork().withAliases(cfg.getAliases())).exec();
            }
        });
    }

    /** Waits until the new container is healthy (health check) or has run steadily for the grace period. */
    private void awaitHealthy(String id) throws UpdateFailure {
        long deadline = System.nanoTime() + settings.healthTimeout().toNanos();
        long steadySince = -1;
        Integer restarts = null;
        while (true) {
            InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
            var state = c.getState();
            if (!Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
                throw new UpdateFailure("new container " + (Boolean.TRUE.equals(state.getRestarting()) ? "is restarting" : "exited with code "
                        + state.getExitCodeLong()) + (state.getError() == null || state.getError().isEmpty() ? "" : ": " + state.getError()));
            }
            var health = state.getHealth();
            if (health != null && health.getStatus() != null) {
                if ("healthy".equals(health.getStatus())) {
                    return;
                }
                if ("unhealthy".equals(health.getStatus())) {
                    var log = health.getLog();
                    String last = log == null || log.isEmpty() ? "" : ": " + String.valueOf(log.get(log.size() - 1).getOutput()).strip();
                    throw new UpdateFailure("new container is unhealthy" + last);
                }
            } else {
                if (restarts == null) {
                    restarts = c.getRestartCount();
                    steadySince = System.nanoTime();
                } else if (!Objects.equals(restarts, c.getRestartCount())) {
                    throw new UpdateFailure("new container restarted during the grace period");
                } else if (System.nanoTime() - steadySince >= settings.grace().toNanos()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new UpdateFailure("new container not healthy within " + settings.healthTimeout());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
    }

    private ContainerConfig imageConfig(String imageId) {
        try {
            return docker.inspectImageCmd(imageId).exec().getConfig();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private String repoDigest(String imageId, ImageRef ref) {
        try {
            List<String> digests = docker.inspectImageCmd(imageId).exec().getRepoDigests();
            if (digests == null) {
                return null;
            }
            return digests.stream().filter(d -> d.startsWith(ref.repoDigestPrefix())).findFirst()
                    .map(d -> d.substring(d.indexOf('@') + 1)).orElse(null);
        } catch (NotFoundException e) {
            return null;
        }
    }

    private void removeImageQuietly(String imageId) {
        try {
            docker.removeImageCmd(imageId).exec();
        } catch (RuntimeException e) {
            LOG.info("old image {} kept: {}", imageId, e.getMessage());
        }
    }

    private UpdateRecord record(String id, String name, InspectContainerResponse old, String newId, String image,
            String newImageId, String oldDigest, String newDigest, String outcome, String reason, String requestedBy,
            Instant started) {
        return new UpdateRecord(id, name, old.getId(), newId, image, old.getImageId(), newImageId, oldDigest, newDigest,
                outcome, reason, requestedBy, started, clock.instant());
    }
}
