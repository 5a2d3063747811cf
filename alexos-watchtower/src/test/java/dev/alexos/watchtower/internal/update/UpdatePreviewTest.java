package dev.alexos.watchtower.internal.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The preview never shows credentials passed on a command line or in a health check. */
class UpdatePreviewTest {

    @Test
    void secretLookingArgumentsAreMaskedAndTheRestIsKept() {
        List<String> out = UpdatePreview.redact(List.of("app", "--password", "hunter2", "--db-token=abc123", "--port", "8080",
                "DB_PASSWORD=pw1", "--secrets-dir=/run/s", "--verbose"));

        assertThat(out).containsExactly("app", "--password", "•••", "--db-token=•••", "--port", "8080",
                "DB_PASSWORD=•••", "--secrets-dir=•••", "--verbose");
        assertThat(String.join(" ", out)).doesNotContain("hunter2", "abc123", "pw1");
    }

    @Test
    void bearerHeadersAndUrlPasswordsInsideOneShellStringAreMasked() {
        String check = "curl -fsS -H 'Authorization: Bearer eyJsecret' http://admin:s3cr3t@localhost:8080/health"
                + " && wget -q http://localhost:9090/ready";

        String out = UpdatePreview.redact(List.of("CMD-SHELL", check)).get(1);

        assertThat(out).doesNotContain("eyJsecret", "s3cr3t")
                .contains("Authorization: Bearer •••", "http://admin:•••@localhost:8080/health", "http://localhost:9090/ready");
    }
}
