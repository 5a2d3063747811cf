package dev.alexos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiResponse;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Principal;
import dev.alexos.core.http.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestRoutesTest {
    record Item(String itemId, int sizeBytes) {
    }

    private final TestRoutes routes = TestRoutes.of(List.of(
            ApiRoute.get("/api/items/{id}", Role.VIEWER, "one item", r -> {
                if (r.pathParam("id").equals("ghost")) {
                    throw ApiException.notFound("item", "ghost");
                }
                return new Item(r.pathParam("id"), r.queryInt("size", 1, 1, 10));
            }),
            ApiRoute.post("/api/items", Role.OPERATOR, "create", r -> ApiResponse.created(
                    Map.of("name", r.bodyObject().path("name").asText()))),
            ApiRoute.delete("/api/items/{id}", Role.ADMIN, "delete", r -> null),
            ApiRoute.get("/api/items/{id}/text", Role.VIEWER, "as text", r -> ApiResponse.text(200, "hi", "text/plain")),
            ApiRoute.get("/api/broken", Role.PUBLIC, "a bug", r -> {
                throw new IllegalStateException("oops");
            })));

    @Test
    void callsAnswerAsTheHostWouldInSnakeCase() {
        TestResponse r = routes.get("/api/items/a%20b?size=3");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("item_id").asText()).isEqualTo("a b");
        assertThat(r.json().get("size_bytes").asInt()).isEqualTo(3);
        assertThat(r.raw()).isEqualTo("{\"item_id\":\"a b\",\"size_bytes\":3}");

        TestResponse created = routes.post("/api/items", "{\"name\":\"n\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("n");
        assertThat(routes.delete("/api/items/x").status()).isEqualTo(204);
        TestResponse text = routes.get("/api/items/x/text");
        assertThat(text.raw()).isEqualTo("hi");
        assertThat(text.json().isNull()).isTrue();
    }

    @Test
    void apiExceptionsBecomeTheErrorBody() {
        TestResponse missing = routes.get("/api/items/ghost");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.isSuccessful()).isFalse();
        assertThat(missing.errorCode()).isEqualTo("not_found");
        assertThat(missing.errorMessage()).isEqualTo("item 'ghost' does not exist");
        assertThat(missing.errorField()).isNull();
        assertThat(missing.json().get("error").has("field")).isFalse();

        TestResponse bad = routes.get("/api/items/x?size=99");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorField()).isEqualTo("size");
        assertThat(routes.post("/api/items", "{oops").errorField()).isEqualTo("body");
    }

    @Test
    void theCallersRoleIsChecked() {
        TestApiRequest asViewer = TestApiRequest.delete("/api/items/x").withPrincipal(new Principal("vera", Role.VIEWER));
        TestResponse r = routes.call(asViewer);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorMessage()).contains("needs the role 'admin'").contains("'vera' has 'viewer'");
    }

    @Test
    void handleReturnsTheRawResultAndThrowsApiExceptions() {
        Object item = routes.handle(TestApiRequest.get("/api/items/{id}").withPathParam("id", "../etc"));
        assertThat(item).isEqualTo(new Item("../etc", 1));
        assertThatThrownBy(() -> routes.handle(TestApiRequest.get("/api/items/ghost")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(routes.route(HttpMethod.GET, "/api/items/{id}").summary()).isEqualTo("one item");
    }

    @Test
    void unknownRoutesAndHandlerBugsFailTheTest() {
        assertThatThrownBy(() -> routes.get("/api/nothing")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no route for GET /api/nothing").hasMessageContaining("/api/items/{id}");
        assertThatThrownBy(() -> routes.get("/api/items")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> routes.get("/api/broken")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("oops").hasMessageContaining("500");
        assertThatThrownBy(() -> routes.route(HttpMethod.PUT, "/api/items")).isInstanceOf(AssertionError.class);
    }
}
