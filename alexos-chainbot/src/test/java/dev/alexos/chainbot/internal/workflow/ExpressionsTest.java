package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.json.Json;
import org.junit.jupiter.api.Test;

class ExpressionsTest {
    private final Scope scope = scope();

    private static Scope scope() {
        Scope s = Scope.root(Harness.json("{\"x\": 3, \"name\": \"ada\", \"flags\": [\"a\", \"b\"]}"), Json.object());
        s.putStep("fetch", "completed", Harness.json("{\"data\": {\"id\": 42, \"items\": [{\"n\": \"first\"}, {\"n\": \"second\"}]}}"), null);
        s.putVar("total", Json.mapper().getNodeFactory().numberNode(7));
        return s;
    }

    @Test
    void pathsResolveAtAnyDepthAndKeepTheirType() {
        assertThat(Expressions.resolveString("${steps.fetch.output.data.id}", scope).isInt()).isTrue();
        assertThat(Expressions.resolveString("${steps.fetch.output.data.items[1].n}", scope).asText()).isEqualTo("second");
        assertThat(Expressions.resolveString("${steps.fetch.output.data.items[-1].n}", scope).asText()).isEqualTo("second");
        assertThat(Expressions.resolveString("${steps.fetch.output.data}", scope).isObject()).isTrue();
        assertThat(Expressions.resolveString("${vars.total}", scope).asInt()).isEqualTo(7);
        assertThat(Expressions.resolveString("${total}", scope).asInt()).isEqualTo(7);
        assertThat(Expressions.resolveString("id=${steps.fetch.output.data.id}, ${inputs.name}!", scope).asText())
                .isEqualTo("id=42, ada!");
        assertThat(Expressions.resolveString("$${literal}", scope).asText()).isEqualTo("${literal}");
        JsonNode deep = Expressions.resolve(Harness.json("{\"a\": [\"${inputs.x}\", {\"b\": \"${inputs.flags}\"}]}"), scope);
        assertThat(deep.toString()).isEqualTo("{\"a\":[3,{\"b\":[\"a\",\"b\"]}]}");
    }

    @Test
    void aMissingPathIsAnErrorNamingIt() {
        assertThatThrownBy(() -> Expressions.resolveString("${steps.fetch.output.data.nope.id}", scope))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("${steps.fetch.output.data.nope.id}: 'nope' not found in steps.fetch.output.data");
        assertThatThrownBy(() -> Expressions.resolveString("${steps.later.output}", scope))
                .hasMessageContaining("step 'later' has not run");
        assertThatThrownBy(() -> Expressions.resolveString("${inputs.missing}", scope))
                .hasMessageContaining("'missing' not found in inputs");
        assertThatThrownBy(() -> Expressions.resolveString("${wat.x}", scope)).hasMessageContaining("unknown name 'wat'");
    }

    @Test
    void conditionsAndFunctions() {
        assertThat(Expressions.test("inputs.x > 2 && inputs.name == 'ada'", scope)).isTrue();
        assertThat(Expressions.test("${inputs.x} >= 4 || !(inputs.name != \"ada\")", scope)).isTrue();
        assertThat(Expressions.test("inputs.x < 3", scope)).isFalse();
        assertThat(Expressions.test("len(steps.fetch.output.data.items) == 2", scope)).isTrue();
        assertThat(Expressions.test("contains(inputs.flags, 'b') and not contains(inputs.flags, 'z')", scope)).isTrue();
        assertThat(Expressions.test("exists(inputs.nope)", scope)).isFalse();
        assertThat(Expressions.test("exists(inputs.x)", scope)).isTrue();
        assertThat(Expressions.evaluate("default(inputs.nope, 5)", scope).asInt()).isEqualTo(5);
        assertThat(Expressions.evaluate("default(inputs.x, 5)", scope).asInt()).isEqualTo(3);
        assertThat(Expressions.test("steps.fetch.status == 'completed'", scope)).isTrue();
        assertThat(Expressions.test("inputs.x == 3.0", scope)).isTrue();
        assertThatThrownBy(() -> Expressions.test("inputs.x >", scope)).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> Expressions.test("nofun(1)", scope)).hasMessageContaining("unknown function 'nofun'");
    }
}
