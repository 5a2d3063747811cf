package dev.alexos.chainbot.internal.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataTransformTest {

    static JsonNode json(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void csvInFilterSortSelectRenameCsvOut() throws Exception {
        List<ObjectNode> rows = DataTransform.parse(Json.mapper().getNodeFactory().textNode(
                "name,age,city\nann,34,Oslo\nbob,7,Rome\ncid,51,Oslo\n"), "auto");
        JsonNode ops = json("""
                [{"op": "filter", "field": "age", "cmp": "gte", "value": 18},
                 {"op": "sort", "field": "age", "order": "desc"},
                 {"op": "select", "fields": ["name", "city"]},
                 {"op": "rename", "from": "city", "to": "town"}]""");
        DataTransform.validate(ops, "operations");
        List<ObjectNode> out = DataTransform.apply(rows, ops);
        assertThat(out.toString()).isEqualTo("[{\"name\":\"cid\",\"town\":\"Oslo\"}, {\"name\":\"ann\",\"town\":\"Oslo\"}]");
        assertThat(DataTransform.toCsv(out)).isEqualTo("name,town\ncid,Oslo\nann,Oslo\n");
    }

    @Test
    void aggregateDistinctLimitSetOnJson() throws Exception {
        List<ObjectNode> rows = DataTransform.parse(json("""
                [{"k": "a", "v": 1.5}, {"k": "b", "v": 2}, {"k": "a", "v": 2.5}, {"k": "a", "v": null}]"""), "json");
        List<ObjectNode> agg = DataTransform.apply(rows, json("""
                [{"op": "aggregate", "group_by": ["k"], "metrics": [{"fn": "count", "as": "n"}, {"fn": "sum", "field": "v"},
                  {"fn": "avg", "field": "v", "as": "mean"}, {"fn": "max", "field": "v"}]}]"""));
        assertThat(agg.toString()).isEqualTo("[{\"k\":\"a\",\"n\":3,\"sum_v\":4,\"mean\":2,\"max_v\":2.5}, "
                + "{\"k\":\"b\",\"n\":1,\"sum_v\":2,\"mean\":2,\"max_v\":2}]");
        List<ObjectNode> d = DataTransform.apply(rows, json("""
                [{"op": "distinct", "fields": ["k"]}, {"op": "limit", "count": 1}, {"op": "set", "field": "x", "value": true}]"""));
        assertThat(d.toString()).isEqualTo("[{\"k\":\"a\",\"v\":1.5,\"x\":true}]");
        assertThat(DataTransform.apply(rows, json("[{\"op\": \"filter\", \"field\": \"v\", \"cmp\": \"exists\"}]"))).hasSize(3);
        assertThat(DataTransform.apply(rows, json("[{\"op\": \"filter\", \"field\": \"k\", \"cmp\": \"contains\", \"value\": \"b\"}]")))
                .hasSize(1);
    }

    @Test
    void badInputAndOperationsNameTheField() throws Exception {
        assertThatThrownBy(() -> DataTransform.validate(json("[{\"op\": \"sort\"}]"), "config.operations"))
                .hasMessage("config.operations[0].field: required text");
        assertThatThrownBy(() -> DataTransform.validate(json("[{\"op\": \"filter\", \"field\": \"a\", \"cmp\": \"like\", \"value\": 1}]"),
                "operations")).hasMessageStartingWith("operations[0].cmp:");
        assertThatThrownBy(() -> DataTransform.validate(json("[{\"op\": \"aggregate\", \"metrics\": [{\"fn\": \"sum\"}]}]"), "ops"))
                .hasMessage("ops[0].metrics[0].field: required for sum");
        assertThatThrownBy(() -> DataTransform.parse(json("[1, 2]"), "json")).hasMessage("input[0]: expected an object");
        assertThatThrownBy(() -> DataTransform.parse(null, "json")).hasMessageStartingWith("input: required");
        assertThatThrownBy(() -> DataTransform.parse(Json.mapper().getNodeFactory().textNode("{oops"), "json"))
                .hasMessageStartingWith("input: not valid JSON");
    }
}
