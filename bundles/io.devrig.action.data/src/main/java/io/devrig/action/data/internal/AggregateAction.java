package io.devrig.action.data.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.common.action.DeclaredActions;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.json.JsonTrees;
import io.devrig.common.json.JsonValues;
import io.devrig.common.path.DataPath;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code data.aggregate}: count, sum, avg, min and max over {@code items}, optionally per
 * group of {@code groupBy}. Strictly typed like the condition engine: sum and avg take
 * numbers only, min and max numbers or strings (not both), and a value of another type fails
 * the call with its element and field; nothing is coerced. Missing and null values are
 * skipped. Sums are exact decimals (34 significant digits), so 0.1 + 0.2 is 0.3.
 */
@Component(service = ActionExecutor.class, property = ActionExecutor.TYPE_PROPERTY + "=" + AggregateAction.TYPE)
public final class AggregateAction implements ActionExecutor {

    static final String TYPE = "data.aggregate";
    static final int MAX_OPERATIONS = 100;
    static final String KEY = "key";

    /** Declared in OSGI-INF/devrig/actions.json (name, description, schemas: data, not code). */
    private static final ActionDescriptor DESCRIPTOR = DeclaredActions.builtIn(AggregateAction.class, TYPE);
    private static final Set<String> FIELDS = Set.of("items", "operations", "groupBy");
    private static final Set<String> OP_FIELDS = Set.of("op", "field", "as");
    private static final List<String> OPS = List.of("count", "sum", "avg", "min", "max");
    private static final int MAX_PATH_CHARS = 1_000;
    private static final int CANCEL_CHECK_EVERY = 1024;

    public AggregateAction() {
        // stateless
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** One operation of the input; {@code field} is null for a count of elements. */
    private record Operation(String path, String op, DataPath field, String as) {
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        Map<String, Object> in = Inputs.object(input, "$");
        Inputs.onlyFields(in, "$", FIELDS);
        List<?> items = Inputs.array(Inputs.required(in, "items", "$"), "$.items");
        DataPath groupBy = in.containsKey("groupBy")
                ? Inputs.fieldPath(Inputs.text(in.get("groupBy"), "$.groupBy", MAX_PATH_CHARS), "$.groupBy")
                : null;
        List<Operation> operations = operations(Inputs.required(in, "operations", "$"), groupBy != null);
        Inputs.tree(items, "$.items");

        // first-seen order of groups; one group (key null) without groupBy
        Map<String, Group> groups = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (i % CANCEL_CHECK_EVERY == 0) {
                DataErrors.checkCancelled(context);
            }
            Object element = items.get(i);
            Object key = groupBy == null ? null : groupBy.read(element);
            if (key == DataPath.MISSING) {
                key = null;
            }
            Object groupKey = key;
            Group group = groups.computeIfAbsent(groupBy == null ? "" : canonical(key),
                    k -> new Group(groupKey, operations));
            group.add(element, i);
        }

        if (groupBy == null) {
            Group all = groups.isEmpty() ? new Group(null, operations) : groups.values().iterator().next();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("result", all.values());
            return out;
        }
        List<Object> list = new ArrayList<>(groups.size());
        for (Group group : groups.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(KEY, group.key);
            entry.putAll(group.values());
            list.add(entry);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("groups", list);
        return out;
    }

    private static List<Operation> operations(Object value, boolean grouped) {
        List<?> list = Inputs.array(value, "$.operations");
        if (list.isEmpty()) {
            throw DataErrors.invalid("$.operations", "must have at least one operation");
        }
        if (list.size() > MAX_OPERATIONS) {
            throw DataErrors.invalid("$.operations", list.size() + " operations; at most " + MAX_OPERATIONS
                    + " are allowed");
        }
        List<Operation> operations = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = JsonPathText.index("$.operations", i);
            Map<String, Object> o = Inputs.object(list.get(i), path);
            Inputs.onlyFields(o, path, OP_FIELDS);
            String op = Inputs.string(Inputs.required(o, "op", path), path + ".op");
            if (!OPS.contains(op)) {
                throw DataErrors.invalid(path + ".op", "unknown operation '" + op + "' (known: "
                        + String.join(", ", OPS) + ")");
            }
            String as = Inputs.text(Inputs.required(o, "as", path), path + ".as", 200);
            if (!names.add(as)) {
                throw DataErrors.invalid(path + ".as", "'" + as + "' is already the name of another operation");
            }
            if (grouped && KEY.equals(as)) {
                throw DataErrors.invalid(path + ".as", "'key' is taken by the group's key");
            }
            DataPath field = null;
            if (o.containsKey("field")) {
                field = Inputs.fieldPath(Inputs.text(o.get("field"), path + ".field", MAX_PATH_CHARS), path + ".field");
            } else if (!"count".equals(op)) {
                throw DataErrors.invalid(path + ".field", "is required for " + op);
            }
            operations.add(new Operation(path, op, field, as));
        }
        return operations;
    }

    /**
     * A group key as text that is equal exactly when the JSON values are: numbers by value
     * (1 and 1.0 are one group), strings, booleans and null by type and value, objects and
     * arrays by their JSON text with sorted keys.
     */
    private static String canonical(Object key) {
        if (key == null) {
            return "z";
        } else if (key instanceof String s) {
            return "s" + s;
        } else if (key instanceof Boolean b) {
            return "b" + b;
        } else if (key instanceof Number n) {
            return "n" + JsonValues.decimal(n).stripTrailingZeros();
        }
        try {
            return "j" + Json.SORTED.writeValueAsString(key);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a checked JSON value", e);
        }
    }

    /** The accumulators of one group, one per operation. */
    private static final class Group {

        final Object key;
        final List<Accumulator> accumulators = new ArrayList<>();

        Group(Object key, List<Operation> operations) {
            this.key = key;
            for (Operation op : operations) {
                accumulators.add(switch (op.op()) {
                    case "count" -> new Count(op);
                    case "sum", "avg" -> new Sum(op);
                    default -> new Extreme(op);
                });
            }
        }

        void add(Object element, int index) {
            for (Accumulator a : accumulators) {
                a.add(element, index);
            }
        }

        Map<String, Object> values() {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Accumulator a : accumulators) {
                values.put(a.op.as(), a.result());
            }
            return values;
        }
    }

    private abstract static class Accumulator {

        final Operation op;

        Accumulator(Operation op) {
            this.op = op;
        }

        void add(Object element, int index) {
            if (op.field() == null) {
                accept(element, index);
                return;
            }
            Object value = op.field().read(element);
            if (value != DataPath.MISSING && value != null) {
                accept(value, index);
            }
        }

        /** A present, non-null value (the element itself for a count without field) of element {@code index}. */
        abstract void accept(Object value, int index);

        /** The JSON path of this operation's field in element {@code index}, for messages. */
        String fieldPath(int index) {
            return op.field().jsonPath(JsonPathText.index("$.items", index));
        }

        abstract Object result();

        RuntimeException wrongType(int index, String expected, Object value) {
            return DataErrors.invalid(fieldPath(index), op.op() + " (" + op.path() + ") needs " + expected
                    + ", found " + JsonTrees.type(value) + "; values are never converted");
        }
    }

    private static final class Count extends Accumulator {

        long count;

        Count(Operation op) {
            super(op);
        }

        @Override
        void accept(Object value, int index) {
            count++;
        }

        @Override
        Object result() {
            return count;
        }
    }

    private static final class Sum extends Accumulator {

        BigDecimal sum = BigDecimal.ZERO;
        long count;

        Sum(Operation op) {
            super(op);
        }

        @Override
        void accept(Object value, int index) {
            if (!(value instanceof Number n)) {
                throw wrongType(index, "numbers", value);
            }
            // 34 significant digits: exact for any realistic data, and a bounded cost even for 1e-999999 + 1e999999
            sum = sum.add(JsonValues.decimal(n), MathContext.DECIMAL128);
            count++;
        }

        @Override
        Object result() {
            if ("sum".equals(op.op())) {
                return Results.number(sum);
            }
            return count == 0 ? null : Results.number(sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL128));
        }
    }

    /** min or max: all numbers (by value) or all strings (by UTF-16 code units); the first of equals wins. */
    private static final class Extreme extends Accumulator {

        Object best;
        BigDecimal bestNumber;
        int firstIndex = -1;

        Extreme(Operation op) {
            super(op);
        }

        @Override
        void accept(Object value, int index) {
            boolean max = "max".equals(op.op());
            if (value instanceof Number n) {
                if (best instanceof String) {
                    throw mixed(index, value);
                }
                BigDecimal d = JsonValues.decimal(n);
                if (best == null || (max ? d.compareTo(bestNumber) > 0 : d.compareTo(bestNumber) < 0)) {
                    remember(value, index);
                    bestNumber = d;
                }
            } else if (value instanceof String s) {
                if (best instanceof Number) {
                    throw mixed(index, value);
                }
                if (best == null || (max ? s.compareTo((String) best) > 0 : s.compareTo((String) best) < 0)) {
                    remember(value, index);
                }
            } else {
                throw wrongType(index, "numbers or strings", value);
            }
        }

        private void remember(Object value, int index) {
            if (firstIndex < 0) {
                firstIndex = index;
            }
            best = value;
        }

        private RuntimeException mixed(int index, Object value) {
            return DataErrors.invalid(fieldPath(index), op.op() + " (" + op.path()
                    + ") needs all numbers or all strings, found " + JsonTrees.type(value) + " after "
                    + JsonTrees.type(best) + " (at " + fieldPath(firstIndex) + "); values are never converted");
        }

        @Override
        Object result() {
            return best;
        }
    }
}
