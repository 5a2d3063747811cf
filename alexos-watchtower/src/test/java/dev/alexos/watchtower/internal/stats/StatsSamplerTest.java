package dev.alexos.watchtower.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.json.Json;
import dev.alexos.watchtower.StatsSample;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class StatsSamplerTest {

    static JsonNode fixture(String name) throws Exception {
        try (InputStream in = StatsSamplerTest.class.getResourceAsStream("/fixtures/" + name)) {
            return Json.mapper().readTree(in);
        }
    }

    @Test
    void cpuFromTheEnginesPrecpuReading() throws Exception {
        // captured from Docker 20.10 (stream=false): two readings a second apart
        StatsSample s = StatsSampler.compute(fixture("stats-with-precpu.json"), null);
        // (7033378956 - 7019192270) / (3272630000000 - 3270610000000) * 2 cpus * 100
        assertThat(s.cpuPercent()).isEqualTo(1.4);
        assertThat(s.memoryUsage()).isEqualTo(692224);
        assertThat(s.memoryLimit()).isEqualTo(25276502016L);
        assertThat(s.pids()).isEqualTo(1);
        assertThat(s.time()).isNotNull();
    }

    @Test
    void oneShotReadingsUseOurPreviousSampleAndNoneForTheFirst() throws Exception {
        ObjectNode raw = (ObjectNode) fixture("stats-with-precpu.json");
        raw.set("precpu_stats", Json.object()); // one-shot: the engine leaves it empty
        assertThat(StatsSampler.compute(raw, null).cpuPercent()).isNull();
        StatsSample s = StatsSampler.compute(raw, new StatsSampler.Raw(7019192270L, 3270610000000L));
        assertThat(s.cpuPercent()).isEqualTo(1.4);
    }

    @Test
    void memoryExcludesInactivePageCacheAndSumsNetworkAndBlockIo() {
        ObjectNode raw = Json.object();
        raw.putObject("memory_stats").put("usage", 1000).put("limit", 4000).putObject("stats").put("inactive_file", 200);
        ObjectNode nets = raw.putObject("networks");
        nets.putObject("eth0").put("rx_bytes", 10).put("tx_bytes", 20);
        nets.putObject("eth1").put("rx_bytes", 1).put("tx_bytes", 2);
        var io = raw.putObject("blkio_stats").putArray("io_service_bytes_recursive");
        io.addObject().put("op", "Read").put("value", 5);
        io.addObject().put("op", "write").put("value", 7);
        StatsSample s = StatsSampler.compute(raw, null);
        assertThat(s.memoryUsage()).isEqualTo(800);
        assertThat(s.memoryPercent()).isEqualTo(20.0);
        assertThat(s.networkRx()).isEqualTo(11);
        assertThat(s.networkTx()).isEqualTo(22);
        assertThat(s.blockRead()).isEqualTo(5);
        assertThat(s.blockWrite()).isEqualTo(7);
    }
}
