package dev.alexos.core.internal.ledger;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The on-disk framing of one ledger record. All integers big-endian.
 *
 * <pre>
 * header (12 bytes): bodyLength:int  ~bodyLength:int  crc32c:int
 * body:              seq:long  epochSecond:long  nano:int
 *                    typeLength:int  type:UTF-8
 *                    payloadLength:int  payload:canonical JSON, UTF-8
 *                    prevHash:32 bytes  hash:32 bytes
 * </pre>
 *
 * <p>The body without its final hash is exactly the hash preimage of {@link LedgerChain}. The
 * CRC32C covers the first 8 header bytes and the whole body. The length is stored twice
 * (plain and complemented) so that a damaged length is recognised as damage — never mistaken
 * for a record that runs past the end of the file, which is how a torn (incompletely written)
 * tail looks and what recovery is allowed to cut.
 */
final class RecordFormat {
    static final int HEADER = 12;
    static final int OFF_SEQ = 0;
    static final int OFF_SECOND = 8;
    static final int OFF_NANO = 16;
    static final int OFF_TYPE_LENGTH = 20;
    static final int OFF_TYPE = 24;
    /** Preimage bytes besides type and payload: seq, second, nano, two lengths, prevHash. */
    static final int FIXED_PREIMAGE = 8 + 8 + 4 + 4 + 4 + LedgerChain.HASH_BYTES;
    static final int MIN_BODY = FIXED_PREIMAGE + LedgerChain.HASH_BYTES;
    /** Largest body accepted: a bound so that a damaged length never makes a reader allocate gigabytes. */
    static final int MAX_BODY = 16 * 1024 * 1024;

    private RecordFormat() {
    }

    static int preimageLength(int typeLength, int payloadLength) {
        return FIXED_PREIMAGE + typeLength + payloadLength;
    }

    static int bodyLength(int typeLength, int payloadLength) {
        return preimageLength(typeLength, payloadLength) + LedgerChain.HASH_BYTES;
    }

    /** Writes the hash preimage at the buffer's position and advances it. */
    static void putPreimage(ByteBuffer out, long seq, Instant time, byte[] type, byte[] payload, byte[] prevHash) {
        out.putLong(seq);
        out.putLong(time.getEpochSecond());
        out.putInt(time.getNano());
        out.putInt(type.length);
        out.put(type);
        out.putInt(payload.length);
        out.put(payload);
        out.put(prevHash, 0, LedgerChain.HASH_BYTES);
    }

    /**
     * Offset of the payload length field within a body, or -1 when the type length is
     * inconsistent with the body length (a malformed record whose checksum still matched).
     */
    static int payloadLengthOffset(ByteBuffer buf, int bodyStart, int bodyLength) {
        int typeLength = buf.getInt(bodyStart + OFF_TYPE_LENGTH);
        if (typeLength < 0 || typeLength > bodyLength - MIN_BODY) {
            return -1;
        }
        int offset = OFF_TYPE + typeLength;
        int payloadLength = buf.getInt(bodyStart + offset);
        if (payloadLength < 0 || bodyLength(typeLength, payloadLength) != bodyLength) {
            return -1;
        }
        return offset;
    }
}
