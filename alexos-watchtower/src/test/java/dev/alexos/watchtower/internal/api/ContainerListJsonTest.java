package dev.alexos.watchtower.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.json.Json;
import dev.alexos.watchtower.ContainerInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerListJsonTest {
    private static ContainerInfo container(String id, String name, String state) {
        return new ContainerInfo(id, name, "local/busybox:1", "sha256:" + id, state, state, null,
                Instant.parse("2026-11-24T00:00:00Z"), null, null, 0, false, 0,
                List.of(new ContainerInfo.Port(80, "tcp", null, null)), Map.of("app", name), List.of("none"),
                List.of(), "local", List.of("PATH", "APP_TOKEN"));
    }

    private static String wrapped(Object containers) throws Exception {
        return Json.mapper().writeValueAsString(Map.of("containers", containers));
    }

    @Test
    void writesExactlyWhatSerializingTheListWould() throws Exception {
        ContainerListJson json = new ContainerListJson();
        List<ContainerInfo> list = List.of(container("a1", "web", "running"), container("b2", "db", "exited"));
        assertThat(wrapped(json.of(list))).isEqualTo(wrapped(list));
        assertThat(wrapped(json.of(List.of()))).isEqualTo(wrapped(List.of()));
    }

    @Test
    void aReplacedRecordIsSerializedAgainAndAnUnchangedOneReused() throws Exception {
        ContainerListJson json = new ContainerListJson();
        ContainerInfo web = container("a1", "web", "running");
        json.of(List.of(web));
        ContainerInfo stopped = container("a1", "web", "exited");
        String after = wrapped(json.of(List.of(stopped)));
        assertThat(after).isEqualTo(wrapped(List.of(stopped))).contains("\"exited\"").doesNotContain("\"running\"");
    }

    @Test
    void goneContainersAreForgotten() throws Exception {
        ContainerListJson json = new ContainerListJson();
        ContainerInfo a = container("a1", "web", "running");
        ContainerInfo b = container("b2", "db", "running");
        json.of(List.of(a, b));
        json.retainOnly(List.of(b));
        assertThat(wrapped(json.of(List.of(b)))).isEqualTo(wrapped(List.of(b)));
    }
}
