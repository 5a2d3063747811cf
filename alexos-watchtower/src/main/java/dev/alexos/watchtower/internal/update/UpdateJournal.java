package dev.alexos.watchtower.internal.update;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Write-ahead record of updates in flight, one file per container, replaced atomically and
 * fsynced at each phase. After a crash, {@link SafeUpdater#recover()} reads what is left and
 * finishes or rolls back each update, so no container is ever left without its service.
 *
 * <p>Thread-safe per container (the updater allows one update per container at a time).
 */
public final class UpdateJournal {

    /** Where an update was when its journal entry was last written. */
    public enum Phase { STARTED, RENAMED, STOPPED, CREATED, NEW_STARTED, HEALTHY }

    /**
     * @param containerName the original name
     * @param oldContainerId the original container
     * @param parkedName the name the original was renamed to
     * @param oldWasRunning whether to start it again on rollback
     * @param newContainerId the replacement, once created
     * @param phase progress
     * @param updateId the attempt id
     * @param image the image reference
     * @param startedAt when the attempt began
     */
    public record Entry(String containerName, String oldContainerId, String parkedName, boolean oldWasRunning,
            String newContainerId, Phase phase, String updateId, String image, Instant startedAt) {
        Entry at(Phase p) {
            return new Entry(containerName, oldContainerId, parkedName, oldWasRunning, newContainerId, p, updateId, image, startedAt);
        }

        Entry withNew(String id) {
            return new Entry(containerName, oldContainerId, parkedName, oldWasRunning, id, Phase.CREATED, updateId, image, startedAt);
        }
    }

    private final Path dir;
    private final ObjectMapper mapper = Json.mapper();

    public UpdateJournal(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("creating update journal " + dir, e);
        }
    }

    /** Durably records the entry (write temp, fsync, atomic rename, fsync directory). */
    public void write(Entry e) {
        Path target = file(e.containerName());
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, mapper.writeValueAsBytes(e));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // Some file systems cannot fsync a directory; the rename is still atomic.
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("writing update journal for " + e.containerName(), ex);
        }
    }

    /**
     * Keeps the last known good configuration of a container (its inspect document) beside the
     * journal, so that it can be recreated by hand if everything else is lost. Local to the
     * module's data directory (it holds environment values): never served.
     */
    public void saveKnownGood(String containerName, Object inspect) {
        Path target = dir.resolveSibling("known-good").resolve(containerName.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json");
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(tmp, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(inspect));
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions apply.
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            throw new UncheckedIOException("saving the known-good configuration of " + containerName, ex);
        }
    }

    /** Removes the entry of a finished update. */
    public void clear(String containerName) {
        try {
            Files.deleteIfExists(file(containerName));
        } catch (IOException ex) {
            throw new UncheckedIOException("clearing update journal for " + containerName, ex);
        }
    }

    /** Entries left by updates that did not finish. */
    public List<Entry> pending() {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                out.add(mapper.readValue(p.toFile(), Entry.class));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("reading update journal " + dir, ex);
        }
        return out;
    }

    private Path file(String containerName) {
        return dir.resolve(containerName.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json");
    }
}
