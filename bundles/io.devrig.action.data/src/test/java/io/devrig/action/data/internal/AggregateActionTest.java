package io.devrig.action.data.internal;

import static io.devrig.action.data.internal.TestSupport.CONTEXT;
import static io.devrig.testing.DevRigAssertions.devrigError;
import static io.devrig.testing.TestJson.plain;
import static io.devrig.testing.TestJson.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AggregateActionTest {

    static final String ORDERS = """
            [{"customer": "ada", "total": 10, "status": "paid", "lines": [{"sku": "a", "qty": 2}]},
             {"customer": "bob", "total": 2.5, "status": "open", "lines": [{"sku": "b", "qty": 1}]},
             {"customer": "ada", "total": 7.5, "status": "paid", "lines": []},
             {"customer": "cy", "total": null, "status": "void"},
             {"customer": "bob", "status": "paid", "lines": [{"sku": "c", "qty": 5}]}]""";

    static final String ALL_OPS = """
            [{"op": "count", "as": "orders"},
             {"op": "count", "field": "total", "as": "withTotal"},
             {"op": "sum", "field": "total", "as": "sum"},
             {"op": "avg", "field": "total", "as": "avg"},
             {"op": "min", "field": "total", "as": "min"},
             {"op": "max", "field": "total", "as": "max"}]""";

    final AggregateAction action = new AggregateAction();

    @SuppressWarnings("unchecked")
    Map<String, Object> run(Object items, String operations, String groupBy) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("items", items);
        in.put("operations", plain(operations));
        if (groupBy != null) {
            in.put("groupBy", groupBy);
        }
        return (Map<String, Object>) action.execute(in, CONTEXT);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> result(Object items, String operations) {
        Map<String, Object> out = run(items, operations, null);
        assertThat(out.keySet()).containsExactly("result");
        return (Map<String, Object>) out.get("result");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> groups(Object items, String operations, String groupBy) {
        Map<String, Object> out = run(items, operations, groupBy);
        assertThat(out.keySet()).containsExactly("groups");
        return (List<Map<String, Object>>) out.get("groups");
    }

    static String op(String op, String field, String as) {
        return "[{\"op\": \"" + op + "\"" + (field == null ? "" : ", \"field\": \"" + field + "\"") + ", \"as\": \""
                + as + "\"}]";
    }

    @Test
    void everyOperationWithoutGroups() {
        Map<String, Object> r = result(plain(ORDERS), ALL_OPS);
        assertThat(new ArrayList<>(r.keySet())).containsExactly("orders", "withTotal", "sum", "avg", "min", "max");
        assertThat(r.get("orders")).isEqualTo(5L);
        assertThat(r.get("withTotal")).isEqualTo(3L); // null and missing totals are not counted
        assertThat(r.get("sum")).isEqualTo(20L);      // 10 + 2.5 + 7.5, exact, so an integer
        assertThat(r.get("avg")).isEqualTo(new BigDecimal("6.666666666666666666666666666666667"));
        assertThat(r.get("min")).isEqualTo(2.5);
        assertThat(r.get("max")).isEqualTo(10);
    }

    @Test
    void decimalsDoNotDrift() {
        Map<String, Object> r = result(plain("[{\"v\": 0.1}, {\"v\": 0.2}]"), """
                [{"op": "sum", "field": "v", "as": "sum"}, {"op": "avg", "field": "v", "as": "avg"}]""");
        assertThat(r.get("sum")).isEqualTo(new BigDecimal("0.3"));
        assertThat(r.get("avg")).isEqualTo(new BigDecimal("0.15"));
        assertThat(result(value("[{\"v\": 1.10}, {\"v\": 2.90}]"), op("sum", "v", "s")).get("s")).isEqualTo(4L);
        assertThat(result(plain("[{\"v\": 1}, {\"v\": 2}]"), op("avg", "v", "a")).get("a"))
                .isEqualTo(new BigDecimal("1.5"));
        assertThat(result(plain("[{\"v\": 1}, {\"v\": 3}]"), op("avg", "v", "a")).get("a")).isEqualTo(2L);
    }

    @Test
    void hugeSumsStayExact() {
        List<Object> items = List.of(Map.of("v", Long.MAX_VALUE), Map.of("v", Long.MAX_VALUE),
                Map.of("v", new BigInteger("1")));
        assertThat(result(items, op("sum", "v", "s")).get("s"))
                .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TWO).add(BigInteger.ONE));
        assertThat(result(List.of(Map.of("v", -3), Map.of("v", 3)), op("sum", "v", "s")).get("s")).isEqualTo(0L);
    }

    @Test
    void nothingToAggregate() {
        Map<String, Object> r = result(List.of(), ALL_OPS);
        assertThat(r.get("orders")).isEqualTo(0L);
        assertThat(r.get("withTotal")).isEqualTo(0L);
        assertThat(r.get("sum")).isEqualTo(0L);
        assertThat(r).containsEntry("avg", null).containsEntry("min", null).containsEntry("max", null);
        // only nulls and missing fields: the same
        Map<String, Object> onlyNulls = result(plain("[{\"total\": null}, {}, 3]"), ALL_OPS);
        assertThat(onlyNulls.get("orders")).isEqualTo(3L);
        assertThat(onlyNulls.get("sum")).isEqualTo(0L);
        assertThat(onlyNulls).containsEntry("avg", null).containsEntry("max", null);
    }

    @Test
    void minAndMaxOfStringsAreLexicographic() {
        Map<String, Object> r = result(plain(ORDERS), """
                [{"op": "min", "field": "customer", "as": "first"}, {"op": "max", "field": "customer", "as": "last"},
                 {"op": "count", "field": "customer", "as": "n"}]""");
        assertThat(r).containsEntry("first", "ada").containsEntry("last", "cy").containsEntry("n", 5L);
        // by UTF-16 code units: upper case sorts before lower case
        assertThat(result(plain("[{\"s\": \"b\"}, {\"s\": \"B\"}, {\"s\": \"a\"}]"), op("min", "s", "m")).get("m"))
                .isEqualTo("B");
    }

    @Test
    void nestedFieldsAndArrayIndexes() {
        Map<String, Object> r = result(plain(ORDERS), """
                [{"op": "sum", "field": "lines.0.qty", "as": "firstQty"},
                 {"op": "count", "field": "lines.0", "as": "withLines"},
                 {"op": "max", "field": "lines.0.sku", "as": "maxSku"}]""");
        assertThat(r).containsEntry("firstQty", 8L).containsEntry("withLines", 3L).containsEntry("maxSku", "c");
    }

    @Test
    void groupsInFirstSeenOrder() {
        List<Map<String, Object>> groups = groups(plain(ORDERS), """
                [{"op": "count", "as": "n"}, {"op": "sum", "field": "total", "as": "total"},
                 {"op": "max", "field": "total", "as": "biggest"}]""", "customer");
        assertThat(groups).extracting(g -> g.get("key")).containsExactly("ada", "bob", "cy");
        assertThat(groups.get(0)).containsEntry("n", 2L).containsEntry("total", new BigDecimal("17.5"))
                .containsEntry("biggest", 10);
        assertThat(groups.get(1)).containsEntry("n", 2L).containsEntry("total", new BigDecimal("2.5"))
                .containsEntry("biggest", 2.5);
        assertThat(groups.get(2)).containsEntry("n", 1L).containsEntry("total", 0L).containsEntry("biggest", null);
        assertThat(new ArrayList<>(groups.get(0).keySet())).containsExactly("key", "n", "total", "biggest");
    }

    @Test
    void groupKeysCompareAsJsonValues() {
        List<Map<String, Object>> groups = groups(plain("""
                [{"k": 1}, {"k": 1.0}, {"k": "1"}, {"k": true}, {}, {"k": null}, {"k": [1, 2]}, {"k": [1, 2]},
                 {"k": {"a": 1, "b": 2}}, {"k": {"b": 2, "a": 1}}, "not an object"]"""),
                op("count", null, "n"), "k");
        assertThat(groups).extracting(g -> g.get("key"))
                .containsExactly(1, "1", true, null, List.of(1, 2), Map.of("a", 1, "b", 2));
        assertThat(groups).extracting(g -> g.get("n")).containsExactly(2L, 1L, 1L, 3L, 2L, 2L);
    }

    @Test
    void groupingNothingGivesNoGroups() {
        assertThat(run(List.of(), op("count", null, "n"), "customer")).isEqualTo(Map.of("groups", List.of()));
    }

    @Test
    void aStringAmongNumbersFails() {
        DevRigException e = devrigError(() -> result(plain("[{\"price\": 1}, {\"price\": \"5\"}]"),
                op("sum", "price", "s")));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message())
                .isEqualTo("$.items[1].price: sum ($.operations[0]) needs numbers, found string; values are never converted");
        assertThat(e.error().details()).containsEntry("path", "$.items[1].price");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "avg | [{\"a\": {\"b\": [true]}}]   | $.items[0].a.b[0]: avg ($.operations[0]) needs numbers, found boolean; values are never converted",
        "min | [{\"a\": {\"b\": [{}]}}]     | $.items[0].a.b[0]: min ($.operations[0]) needs numbers or strings, found object; values are never converted",
        "max | [{\"a\": {\"b\": [[1]]}}]    | $.items[0].a.b[0]: max ($.operations[0]) needs numbers or strings, found array; values are never converted",
    })
    void otherTypesFail(String op, String items, String message) {
        assertThat(devrigError(() -> result(plain(items), op(op, "a.b.0", "x"))).error().message()).isEqualTo(message);
    }

    @Test
    void mixingNumbersAndStringsInMinOrMaxFails() {
        DevRigException e = devrigError(() -> result(plain("[{\"v\": 3}, {}, {\"v\": \"7\"}]"), op("max", "v", "m")));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.error().message()).isEqualTo("$.items[2].v: max ($.operations[0]) needs all numbers or all strings, "
                + "found string after number (at $.items[0].v); values are never converted");
        DevRigException other = devrigError(() -> result(plain("[{\"v\": \"a\"}, {\"v\": 1}]"), op("min", "v", "m")));
        assertThat(other.error().message()).startsWith("$.items[1].v: min ($.operations[0]) needs all numbers or all "
                + "strings, found number after string");
    }

    @Test
    void operationsAreCheckedBeforeTheData() {
        assertThat(message(op("median", "v", "m"), null))
                .isEqualTo("$.operations[0].op: unknown operation 'median' (known: count, sum, avg, min, max)");
        assertThat(message(op("sum", null, "s"), null)).isEqualTo("$.operations[0].field: is required for sum");
        assertThat(message(op("sum", "a..b", "s"), null))
                .isEqualTo("$.operations[0].field: invalid data path 'a..b' at character 3: expected a name after '.', found '.'");
        assertThat(message(op("sum", "a.", "s"), null))
                .isEqualTo("$.operations[0].field: invalid data path 'a.' at character 3: expected a name after '.', found the end");
        assertThat(message("[{\"op\": \"count\", \"as\": \"n\"}, {\"op\": \"sum\", \"field\": \"v\", \"as\": \"n\"}]",
                null)).isEqualTo("$.operations[1].as: 'n' is already the name of another operation");
        assertThat(message(op("count", null, "key"), "customer"))
                .isEqualTo("$.operations[0].as: 'key' is taken by the group's key");
        assertThat(message("[{\"op\": \"count\", \"as\": \"n\", \"by\": \"x\"}]", null))
                .isEqualTo("$.operations[0].by: unknown field (allowed: as, field, op)");
        assertThat(message("[{\"op\": \"count\"}]", null)).isEqualTo("$.operations[0].as: is required");
        assertThat(message("[{\"op\": \"count\", \"as\": \" \"}]", null)).isEqualTo("$.operations[0].as: must not be empty");
        assertThat(message("[]", null)).isEqualTo("$.operations: must have at least one operation");
        assertThat(message("[5]", null)).isEqualTo("$.operations[0]: must be an object, found number");
        assertThat(message("{}", null)).isEqualTo("$.operations: must be an array, found object");
        assertThat(message(op("count", null, "n"), "")).isEqualTo("$.groupBy: must not be empty");
        assertThat(message(op("count", null, "n"), ".x")).isEqualTo("$.groupBy: invalid data path '.x' at character 1: expected a name, found '.'");
    }

    private String message(String operations, String groupBy) {
        return devrigError(() -> run(plain(ORDERS), operations, groupBy)).error().message();
    }

    @Test
    void tooManyOperations() {
        StringBuilder ops = new StringBuilder("[");
        for (int i = 0; i <= AggregateAction.MAX_OPERATIONS; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"op\": \"count\", \"as\": \"n").append(i).append("\"}");
        }
        assertThat(message(ops.append("]").toString(), null))
                .isEqualTo("$.operations: 101 operations; at most 100 are allowed");
    }

    @Test
    void badInputShapes() {
        assertThat(devrigError(() -> action.execute(List.of(), CONTEXT)).error().message())
                .isEqualTo("$: must be an object, found array");
        assertThat(devrigError(() -> action.execute(Map.of("operations", plain(op("count", null, "n"))), CONTEXT))
                .error().message()).isEqualTo("$.items: is required");
        assertThat(devrigError(() -> action.execute(Map.of("items", List.of()), CONTEXT)).error().message())
                .isEqualTo("$.operations: is required");
        assertThat(devrigError(() -> run("nope", op("count", null, "n"), null)).error().message())
                .isEqualTo("$.items: must be an array, found string");
        assertThat(devrigError(() -> action.execute(Map.of("items", List.of(), "operations",
                plain(op("count", null, "n")), "group", "x"), CONTEXT)).error().message())
                .isEqualTo("$.group: unknown field (allowed: groupBy, items, operations)");
        assertThat(devrigError(() -> run(List.of(Map.of("v", Double.NaN)), op("sum", "v", "s"), null))
                .error().message()).isEqualTo("$.items[0].v: number NaN is not JSON (only finite numbers are)");
    }

    @Test
    void theArrayLimit() {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < Inputs.MAX_ARRAY_ELEMENTS; i++) {
            items.add(Map.of("v", i, "g", i % 3));
        }
        Map<String, Object> r = result(items, """
                [{"op": "count", "as": "n"}, {"op": "sum", "field": "v", "as": "s"}, {"op": "max", "field": "v", "as": "m"}]""");
        assertThat(r).containsEntry("n", 100_000L).containsEntry("s", 4_999_950_000L).containsEntry("m", 99_999);
        assertThat(groups(items, op("count", null, "n"), "g")).extracting(g -> g.get("n"))
                .containsExactly(33_334L, 33_333L, 33_333L);
        items.add(Map.of("v", 0));
        DevRigException e = devrigError(() -> result(items, op("count", null, "n")));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.error().message()).isEqualTo("$.items: array of 100001 elements; at most 100000 are allowed");
    }

    @Test
    void cancellationStopsTheLoop() {
        TestActionContext cancelled = new TestActionContext();
        cancelled.cancel();
        DevRigException e = devrigError(() -> action.execute(
                Map.of("items", plain(ORDERS), "operations", plain(op("count", null, "n"))), cancelled));
        assertThat(e.code()).isEqualTo(ErrorCodes.CANCELLED);
    }
}
