package dev.alexos.watchtower.internal.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageRefTest {

    @Test
    void normalisesLikeTheDockerCli() {
        assertThat(ImageRef.parse("busybox")).isEqualTo(new ImageRef("docker.io", "library/busybox", "latest", null));
        assertThat(ImageRef.parse("grafana/grafana:10.2")).isEqualTo(new ImageRef("docker.io", "grafana/grafana", "10.2", null));
        assertThat(ImageRef.parse("127.0.0.1:5000/team/app")).isEqualTo(new ImageRef("127.0.0.1:5000", "team/app", "latest", null));
        assertThat(ImageRef.parse("localhost/app:1")).isEqualTo(new ImageRef("localhost", "app", "1", null));
        assertThat(ImageRef.parse("ghcr.io/o/r:v1").apiHost()).isEqualTo("ghcr.io");
        assertThat(ImageRef.parse("busybox").apiHost()).isEqualTo("registry-1.docker.io");
    }

    @Test
    void digestPinnedReferencesAreRecognised() {
        String d = "sha256:" + "a".repeat(64);
        ImageRef ref = ImageRef.parse("127.0.0.1:5000/app@" + d);
        assertThat(ref.pinnedByDigest()).isTrue();
        assertThat(ref.tag()).isNull();
        assertThat(ImageRef.parse("app:1@" + d).tag()).isEqualTo("1");
    }

    @Test
    void loopbackRegistriesUsePlainHttpOthersHttps() {
        assertThat(ImageRef.parse("127.0.0.1:5000/app").plainHttp()).isTrue();
        assertThat(ImageRef.parse("localhost:5000/app").plainHttp()).isTrue();
        assertThat(ImageRef.parse("registry.example.com/app").plainHttp()).isFalse();
    }

    @Test
    void repoDigestPrefixMatchesWhatDockerRecords() {
        assertThat(ImageRef.parse("busybox:1").repoDigestPrefix()).isEqualTo("busybox@");
        assertThat(ImageRef.parse("127.0.0.1:5000/app").repoDigestPrefix()).isEqualTo("127.0.0.1:5000/app@");
    }

    @Test
    void malformedReferencesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ImageRef.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageRef.parse("UPPER/case")).hasMessageContaining("invalid repository");
        assertThatThrownBy(() -> ImageRef.parse("app:bad tag")).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> ImageRef.parse("app@sha256:xyz")).hasMessageContaining("invalid digest");
    }
}
