package dev.alexos.chainbot.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void removesKeysAndTheirShortenedEchoes() {
        Redactor r = new Redactor(List.of(Secret.of("sk-proj-abcdef123456")));
        assertThat(r.clean("bad key sk-proj-abcdef123456 given")).isEqualTo("bad key ****** given");
        assertThat(r.clean("Incorrect API key provided: sk-proj-***3456.")).doesNotContain("sk-proj-");
        assertThat(r.clean("line1\nline2")).isEqualTo("line1 line2");
        assertThat(r.clean("x".repeat(400))).hasSize(301);
        assertThat(r.clean(null)).isEmpty();
    }
}
