package dev.alexos.core.internal.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerException;
import dev.alexos.core.ledger.VerifyReport;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerChainTest {

    record Action(String containerId, int exitCode, List<String> tags) {
    }

    /** A bean whose getter fails: Jackson cannot serialize it. */
    public static final class Bomb {
        public String getValue() {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void canonicalJsonSortsKeysAndHasNoWhitespace() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", null);
        inner.put("a", true);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("b", 1);
        payload.put("a", List.of(3, inner, "x y"));
        payload.put("B", "upper sorts first");

        assertThat(LedgerChain.canonicalJson(payload))
                .isEqualTo("{\"B\":\"upper sorts first\",\"a\":[3,{\"a\":true,\"z\":null},\"x y\"],\"b\":1}");
    }

    @Test
    void recordsUseProjectNamingBeforeSorting() {
        assertThat(LedgerChain.canonicalJson(new Action("c1", 137, List.of("t"))))
                .isEqualTo("{\"container_id\":\"c1\",\"exit_code\":137,\"tags\":[\"t\"]}");
    }

    @Test
    void canonicalFormIsAFixedPointOfParsing() throws IOException {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("decimal", new BigDecimal("1.50"));
        payload.put("float", 0.1f);
        payload.put("long", 5L);
        payload.put("big", new BigInteger("123456789012345678901234567890"));
        payload.put("bytes", new byte[] {1, 2, 3});
        payload.put("nan", Double.NaN);
        payload.put("short", (short) 7);
        payload.put("time", Instant.parse("2026-01-02T03:04:05.123456789Z"));

        String canonical = LedgerChain.canonicalJson(payload);
        JsonNode parsed = Json.mapper().readTree(canonical);

        assertThat(LedgerChain.canonicalJson(parsed)).isEqualTo(canonical);
        assertThat(LedgerChain.canonicalTree(payload)).isEqualTo(parsed);
        assertThat(canonical).contains("\"decimal\":1.5", "\"float\":0.1", "\"time\":\"2026-01-02T03:04:05.123456789Z\"");
    }

    @Test
    void unserializablePayloadNamesItsType() {
        assertThatThrownBy(() -> LedgerChain.canonicalJson(new Bomb()))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining(Bomb.class.getName())
                .hasMessageContaining("boom");
        assertThatThrownBy(() -> LedgerChain.canonicalJson(Optional.of("x")))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("java.util.Optional");
    }

    @Test
    void hashIsSha256OfTheDocumentedPreimage() throws Exception {
        Instant time = Instant.parse("2026-11-23T10:15:30.000000042Z");
        String prev = "ab".repeat(32);
        String payload = "{\"k\":\"v\"}";

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(7);
        out.writeLong(time.getEpochSecond());
        out.writeInt(time.getNano());
        byte[] type = "wt.action".getBytes(StandardCharsets.UTF_8);
        out.writeInt(type.length);
        out.write(type);
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        out.writeInt(p.length);
        out.write(p);
        out.write(HexFormat.of().parseHex(prev));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));

        assertThat(LedgerChain.hash(7, time, "wt.action", payload, prev)).isEqualTo(expected);
        assertThat(LedgerChain.hash(7, time, "wt.actio", "n" + payload, prev)).isNotEqualTo(expected);
    }

    @Test
    void verifyChainAcceptsAValidChainAndNamesTheFirstBadEntry() {
        List<LedgerEntry> chain = chain(4);
        assertThat(LedgerChain.verifyChain(chain)).isEqualTo(new VerifyReport(true, 4, chain.get(3).hash(), null, null));
        assertThat(LedgerChain.verifyChain(List.of()).headHash()).isEqualTo(LedgerEntry.GENESIS_HASH);

        List<LedgerEntry> tampered = new ArrayList<>(chain);
        LedgerEntry e = chain.get(2);
        tampered.set(2, new LedgerEntry(e.seq(), e.time(), e.type(), Json.object().put("n", 99), e.prevHash(), e.hash()));
        VerifyReport report = LedgerChain.verifyChain(tampered);
        assertThat(report.ok()).isFalse();
        assertThat(report.firstBadSeq()).isEqualTo(3);
        assertThat(report.entriesChecked()).isEqualTo(2);
        assertThat(report.problem()).contains("hash mismatch");

        List<LedgerEntry> gap = new ArrayList<>(chain);
        gap.remove(1);
        assertThat(LedgerChain.verifyChain(gap).firstBadSeq()).isEqualTo(2);
        assertThat(LedgerChain.verifyChain(gap).problem()).contains("sequence gap");

        List<LedgerEntry> relinked = new ArrayList<>(chain);
        LedgerEntry last = chain.get(3);
        relinked.set(3, new LedgerEntry(4, last.time(), last.type(), last.payload(), LedgerEntry.GENESIS_HASH, last.hash()));
        assertThat(LedgerChain.verifyChain(relinked).problem()).contains("chain broken");
    }

    static List<LedgerEntry> chain(int n) {
        List<LedgerEntry> out = new ArrayList<>();
        String prev = LedgerEntry.GENESIS_HASH;
        for (int i = 1; i <= n; i++) {
            JsonNode payload = LedgerChain.canonicalTree(Map.of("n", i));
            Instant time = Instant.ofEpochSecond(1_700_000_000L + i);
            String hash = LedgerChain.hash(i, time, "test.entry", LedgerChain.canonicalJson(payload), prev);
            out.add(new LedgerEntry(i, time, "test.entry", payload, prev, hash));
            prev = hash;
        }
        return out;
    }
}
