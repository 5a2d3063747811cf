package dev.alexos.server.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginRoutesTest {
    @Test
    void redirectsAfterLoginStayOnThisSite() {
        assertThat(LoginRoutes.safeNext("/dashboard/watchtower")).isEqualTo("/dashboard/watchtower");
        assertThat(LoginRoutes.safeNext("//evil.example/")).isEqualTo("/dashboard/");
        assertThat(LoginRoutes.safeNext("https://evil.example/")).isEqualTo("/dashboard/");
        assertThat(LoginRoutes.safeNext("/\\evil.example")).isEqualTo("/dashboard/");
        assertThat(LoginRoutes.safeNext("/x\r\nSet-Cookie: a=b")).isEqualTo("/dashboard/");
        assertThat(LoginRoutes.safeNext(null)).isEqualTo("/dashboard/");
    }
}
