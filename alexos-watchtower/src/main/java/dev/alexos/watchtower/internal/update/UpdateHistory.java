package dev.alexos.watchtower.internal.update;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The persisted update history: one JSON line per attempt, fsynced, so that
 * {@code GET /api/watchtower/updates} survives a restart. A torn last line (crash mid-write)
 * is skipped on load. The newest {@code keep} records are held in memory.
 *
 * <p>Thread-safe.
 */
public final class UpdateHistory {
    private final Path file;
    private final int keep;
    private final Deque<UpdateRecord> recent = new ArrayDeque<>();
    private final ObjectMapper mapper = Json.mapper();

    public UpdateHistory(Path file, int keep) {
        this.file = file;
        this.keep = keep;
        load();
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    add(mapper.readValue(line, UpdateRecord.class));
                } catch (IOException torn) {
                    // A line cut by a crash mid-write: everything before it is intact.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading update history " + file, e);
        }
    }

    private void add(UpdateRecord r) {
        recent.addFirst(r);
        while (recent.size() > keep) {
            recent.removeLast();
        }
    }

    /** Appends a record durably. */
    public synchronized void append(UpdateRecord record) {
        try {
            Files.createDirectories(file.getParent());
            byte[] line = (mapper.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap(line));
                ch.force(false);
            }
            add(record);
        } catch (IOException e) {
            throw new UncheckedIOException("writing update history " + file, e);
        }
    }

    /** The newest records first, at most {@code limit}. */
    public synchronized List<UpdateRecord> newest(int limit) {
        List<UpdateRecord> out = new ArrayList<>();
        for (UpdateRecord r : recent) {
            if (out.size() >= limit) {
                break;
            }
            out.add(r);
        }
        return out;
    }
}
