package dev.alexos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Principal;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import org.junit.jupiter.api.Test;

class TestApiRequestTest {

    @Test
    void splitsAndDecodesTheQueryString() {
        TestApiRequest r = TestApiRequest.get("/api/x?tail=10&name=a%20b&flag");
        assertThat(r.method()).isEqualTo(HttpMethod.GET);
        assertThat(r.path()).isEqualTo("/api/x");
        assertThat(r.query("name")).contains("a b");
        assertThat(r.query("flag")).contains("");
        assertThat(r.query("missing")).isEmpty();
        assertThat(r.queryInt("tail", 5, 1, 100)).isEqualTo(10);
        assertThat(r.queryInt("missing", 5, 1, 100)).isEqualTo(5);
    }

    @Test
    void badQueryIntegersAre400sNamingTheParameter() {
        TestApiRequest r = TestApiRequest.get("/api/x").withQuery("tail", "ten").withQuery("limit", "0");
        assertThatThrownBy(() -> r.queryInt("tail", 5, 1, 100)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.field()).isEqualTo("tail");
            assertThat(e.getMessage()).contains("'ten'");
        });
        assertThatThrownBy(() -> r.queryInt("limit", 5, 1, 100)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).isEqualTo("limit: expected an integer in [1, 100], got 0"));
    }

    @Test
    void bodyIsParsedWhenReadAndAMalformedOneIsA400() {
        assertThat(TestApiRequest.post("/api/x").body()).isEqualTo(Json.object());
        assertThat(TestApiRequest.post("/api/x").withBody("  ").bodyObject()).isEmpty();
        assertThat(TestApiRequest.post("/api/x").withBody("{\"a\":1}").bodyObject().get("a").asInt()).isEqualTo(1);
        assertThat(TestApiRequest.post("/api/x").withBody(Json.object().put("b", true)).body().get("b").asBoolean()).isTrue();
        TestApiRequest bad = TestApiRequest.post("/api/x").withBody("{\"a\":");
        assertThatThrownBy(bad::body).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.field()).isEqualTo("body");
            assertThat(e.getMessage()).contains("malformed JSON at line 1");
        });
        assertThatThrownBy(() -> TestApiRequest.post("/api/x").withBody("[1]").bodyObject())
                .isInstanceOf(ApiException.class).hasMessageContaining("expected a JSON object");
    }

    @Test
    void pathParametersAreCheckedLikeTheServerDoes() {
        TestApiRequest r = TestApiRequest.get("/api/c/{id}").withPathParam("id", "a/b");
        assertThat(r.isTemplate()).isTrue();
        assertThat(r.pathParam("id")).isEqualTo("a/b");
        assertThat(r.concretePath()).isEqualTo("/api/c/a%2Fb");
        assertThatThrownBy(() -> r.pathParam("other")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no path parameter 'other'");
        assertThatThrownBy(() -> TestApiRequest.get("/api/c/{id}").withPathParam("id", "").pathParam("id"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("id"));
        assertThatThrownBy(() -> TestApiRequest.get("/api/c/{id}").concretePath())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'id'");
        assertThatThrownBy(() -> TestApiRequest.get("api/c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headersAreCaseInsensitiveAndTheCallerIsAnAdminUnlessGiven() {
        TestApiRequest r = TestApiRequest.get("/api/x").withHeader("X-Request-Id", "42");
        assertThat(r.header("x-request-id")).contains("42");
        assertThat(r.header("Accept")).isEmpty();
        assertThat(r.principal()).isEqualTo(TestApiRequest.DEFAULT_PRINCIPAL);
        Principal viewer = new Principal("vera", Role.VIEWER);
        assertThat(r.withPrincipal(viewer).principal()).isEqualTo(viewer);
        assertThat(r.principal()).isEqualTo(TestApiRequest.DEFAULT_PRINCIPAL); // immutable
    }
}
