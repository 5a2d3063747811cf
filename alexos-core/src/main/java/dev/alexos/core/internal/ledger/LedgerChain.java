package dev.alexos.core.internal.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerException;
import dev.alexos.core.ledger.VerifyReport;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The ledger's canonical JSON and hash chain, shared by the file ledger and by in-memory
 * ledgers (the testkit) so that both produce and verify identical hashes.
 *
 * <h2>Canonical JSON</h2>
 * The payload is converted with the project mapper ({@link Json#mapper()}: snake_case names,
 * ISO-8601 times), then written with object keys sorted (by {@link String#compareTo}), no
 * insignificant whitespace, and numbers normalized to what a JSON parser reads back: integers
 * as the smallest of int/long/big integer, every non-integral number as an IEEE double
 * (so {@code BigDecimal("1.50")} becomes {@code 1.5}; NaN and infinities become the strings
 * Jackson writes for them), binary as base64 text. Consequently
 * {@code canonicalJson(parse(canonicalJson(x))).equals(canonicalJson(x))} for every payload,
 * which is what lets a reader re-verify an entry from its {@link LedgerEntry#payload()} tree.
 *
 * <h2>Hash</h2>
 * {@code hash = SHA-256(seq ‖ epochSecond ‖ nano ‖ len(type) ‖ type ‖ len(payload) ‖ payload ‖ prevHash)}
 * with {@code seq}, {@code epochSecond} as 8-byte and {@code nano} and both lengths as 4-byte
 * big-endian integers, {@code type} and the canonical payload as UTF-8, and {@code prevHash}
 * as its 32 raw bytes. Length prefixes make the encoding unambiguous without escaping. The
 * file ledger stores exactly this preimage in each record, so verifying is one digest per
 * record over bytes already in memory.
 *
 * <p>Thread-safe: stateless static methods.
 */
public final class LedgerChain {
    /** Bytes in a SHA-256 hash. */
    public static final int HASH_BYTES = 32;

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final ObjectWriter WRITER = MAPPER.writer();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private LedgerChain() {
    }

    /**
     * The canonical JSON text of a payload.
     *
     * @param payload a {@code Map}, record, bean, {@code JsonNode}, string, number, or null
     * @throws LedgerException naming the payload's Java type when it cannot be serialized
     */
    public static String canonicalJson(Object payload) {
        return new String(canonicalBytes(canonicalTree(payload)), StandardCharsets.UTF_8);
    }

    /**
     * The payload as a normalized tree: keys sorted, numbers normalized (see the class doc).
     * Equal (by {@link JsonNode#equals}) to what parsing its canonical JSON gives back.
     *
     * @throws LedgerException naming the payload's Java type when it cannot be serialized
     */
    public static JsonNode canonicalTree(Object payload) {
        JsonNode tree;
        try {
            tree = payload instanceof JsonNode node ? node : MAPPER.valueToTree(payload);
        } catch (RuntimeException e) {
            throw unserializable(payload, e);
        }
        try {
            return normalize(tree, 0);
        } catch (RuntimeException e) {
            throw unserializable(payload, e);
        }
    }

    private static LedgerException unserializable(Object payload, RuntimeException e) {
        String typeName = payload == null ? "null" : payload.getClass().getName();
        return new LedgerException("ledger payload of type " + typeName + " cannot be serialized to JSON: "
                + e.getMessage(), e);
    }

    /** UTF-8 of the canonical JSON of a tree produced by {@link #canonicalTree(Object)}. */
    static byte[] canonicalBytes(JsonNode canonicalTree) {
        try {
            return WRITER.writeValueAsBytes(canonicalTree);
        } catch (JsonProcessingException e) {
            throw new LedgerException("ledger payload cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The hex SHA-256 of an entry (see the class doc for the exact preimage).
     *
     * @param prevHash the previous entry's hash as 64 hex digits ({@link LedgerEntry#GENESIS_HASH} for seq 1)
     * @throws IllegalArgumentException when {@code prevHash} is not 64 hex digits
     */
    public static String hash(long seq, Instant time, String type, String canonicalPayload, String prevHash) {
        byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
        byte[] payloadBytes = canonicalPayload.getBytes(StandardCharsets.UTF_8);
        byte[] prev = parseHash(prevHash);
        ByteBuffer preimage = ByteBuffer.allocate(
                RecordFormat.preimageLength(typeBytes.length, payloadBytes.length));
        RecordFormat.putPreimage(preimage, seq, time, typeBytes, payloadBytes, prev);
        MessageDigest digest = sha256();
        digest.update(preimage.array(), 0, preimage.position());
        return HEX.formatHex(digest.digest());
    }

    /**
     * Verifies a complete chain held in memory: sequence numbers 1, 2, 3… without gaps, each
     * {@code prevHash} equal to the previous entry's hash (genesis for the first), and each
     * hash recomputed from the entry's fields and the canonical JSON of its payload.
     *
     * @return a report naming the first bad entry; never throws for damaged entries
     */
    public static VerifyReport verifyChain(List<LedgerEntry> entries) {
        String prev = LedgerEntry.GENESIS_HASH;
        long expected = 1;
        long checked = 0;
        for (LedgerEntry e : entries) {
            String problem = problemOf(e, expected, prev);
            if (problem != null) {
                return new VerifyReport(false, checked, prev, expected, problem);
            }
            prev = e.hash();
            expected++;
            checked++;
        }
        return new VerifyReport(true, checked, prev, null, null);
    }

    private static String problemOf(LedgerEntry e, long expected, String prev) {
        if (e == null) {
            return "entry missing";
        }
        if (e.seq() != expected) {
            return "sequence gap: expected seq " + expected + " but found " + e.seq();
        }
        if (!prev.equals(e.prevHash())) {
            return "chain broken: prev_hash " + e.prevHash() + " does not match the previous hash " + prev;
        }
        String recomputed;
        try {
            recomputed = hash(e.seq(), e.time(), e.type(), canonicalJson(e.payload()), e.prevHash());
        } catch (RuntimeException ex) {
            return "entry cannot be hashed: " + ex.getMessage();
        }
        if (!recomputed.equals(e.hash())) {
            return "hash mismatch: stored " + e.hash() + ", recomputed " + recomputed;
        }
        return null;
    }

    /** A new SHA-256 digest (not thread-safe: one per thread or per use). */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** 32 raw bytes of a 64-digit hex hash. */
    static byte[] parseHash(String hex) {
        Objects.requireNonNull(hex, "prevHash");
        if (hex.length() != 2 * HASH_BYTES) {
            throw new IllegalArgumentException("hash must be 64 hex digits, was '" + hex + "'");
        }
        return HEX.parseHex(hex);
    }

    static String hex(byte[] bytes, int offset) {
        return HEX.formatHex(bytes, offset, offset + HASH_BYTES);
    }

    static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    private static JsonNode normalize(JsonNode node, int depth) {
        if (node == null || node.isMissingNode()) {
            return NODES.nullNode();
        }
        if (depth > 1000) {
            throw new IllegalArgumentException("nested deeper than 1000 levels");
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                String[] sorted = names.toArray(new String[0]);
                Arrays.sort(sorted);
                ObjectNode out = NODES.objectNode();
                for (String name : sorted) {
                    out.set(name, normalize(node.get(name), depth + 1));
                }
                return out;
            }
            case ARRAY -> {
                ArrayNode out = NODES.arrayNode(node.size());
                for (JsonNode child : node) {
                    out.add(normalize(child, depth + 1));
                }
                return out;
            }
            case NUMBER -> {
                return normalizeNumber(node);
            }
            case BINARY -> {
                return NODES.textNode(node.asText());
            }
            case POJO -> {
                return normalize(MAPPER.valueToTree(((POJONode) node).getPojo()), depth + 1);
            }
            default -> {
                return node;
            }
        }
    }

    private static JsonNode normalizeNumber(JsonNode node) {
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (node.canConvertToInt()) {
                return NODES.numberNode(node.intValue());
            }
            if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
                return NODES.numberNode(value.longValue());
            }
            return NODES.numberNode(value);
        }
        // Floats go through their decimal text so 0.1f stays 0.1 rather than 0.10000000149011612.
        double d = node.isFloat() ? Double.parseDouble(Float.toString(node.floatValue())) : node.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return NODES.textNode(Double.toString(d));
        }
        return NODES.numberNode(d);
    }
}
