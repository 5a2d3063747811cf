package dev.alexos.core.internal.ledger;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * One segment file, named after the sequence number of its first record, with a sparse index
 * (the file offset of every {@value #STRIDE}th record) so reads do not scan whole files.
 *
 * <p>Thread-safe: the writer adds index entries while readers look them up.
 */
final class Segment {
    static final int STRIDE = 128;
    private static final String SUFFIX = ".seg";

    private final Path path;
    private final long firstSeq;
    private long[] offsets = new long[16];
    private int count;

    Segment(Path path, long firstSeq) {
        this.path = path;
        this.firstSeq = firstSeq;
    }

    static Path pathFor(Path directory, long firstSeq) {
        return directory.resolve(String.format("%020d%s", firstSeq, SUFFIX));
    }

    /** The first sequence number encoded in a segment file name, if it is one. */
    static Optional<Long> firstSeqOf(Path file) {
        String name = file.getFileName().toString();
        if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(name.substring(0, 20)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    Path path() {
        return path;
    }

    long firstSeq() {
        return firstSeq;
    }

    /** Records the offset of {@code seq}'s record; kept only for every STRIDE-th sequence number. */
    synchronized void indexed(long seq, long offset) {
        long slot = seq - firstSeq;
        if (slot % STRIDE != 0 || slot / STRIDE != count) {
            return;
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = offset;
    }

    /** Offset of an indexed record at or before {@code seq} (0 when none is). */
    synchronized long offsetAtOrBefore(long seq) {
        long slot = (seq - firstSeq) / STRIDE;
        if (slot <= 0 || count == 0) {
            return 0;
        }
        return offsets[(int) Math.min(slot, count - 1)];
    }
}
