package io.devrig.common.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.devrig.common.json.JsonPathText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A JSON Schema (draft 2020-12 unless it names another) compiled once, for a reader that
 * checks a whole document format with it. Problems read {@code <JSON path>: <message>}, one
 * per mistake:
 * <ul>
 * <li>a missing property is {@code $.a.b: required}, an extra one {@code $.a.x: unknown field}
 *     (the path names the property, not its object);</li>
 * <li>a wrong type is {@code must be a string}, a value outside an {@code enum}
 *     {@code unknown value 'x' (known: a, b)}, a number out of range {@code 0 is out of range
 *     (at least 1)}, a blank string where the schema's pattern is {@code \S} {@code must not be blank};</li>
 * <li>a failed {@code oneOf}/{@code anyOf} is one line, not one per branch: when every branch
 *     only asks for a property, {@code needs one of 'a', 'b'}; otherwise the validator's own
 *     summary; and no line at all when an unknown field at the same place is one of those
 *     properties misspelt: that field's line says {@code unknown field (did you mean 'a'?)}.</li>
 * </ul>
 * Like {@link SchemaProblems}, only the meta-schemas bundled with the validator are loaded:
 * a {@code $ref} to a URL is never fetched.
 */
public final class CompiledSchema {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final Schema schema;

    private CompiledSchema(Schema schema) {
        this.schema = schema;
    }

    /**
     * Compiles {@code schemaJson}.
     *
     * @throws IllegalArgumentException when it is not JSON or not a schema the validator accepts
     */
    public static CompiledSchema of(String schemaJson) {
        try {
            return new CompiledSchema(REGISTRY.getSchema(schemaJson));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the schema cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * Compiles the schema resource {@code name} of {@code owner}'s class loader (in a bundle:
     * an entry of that bundle).
     *
     * @throws IllegalStateException when the resource is missing or not a usable schema (a build mistake)
     */
    public static CompiledSchema resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + name + " is missing");
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("schema resource " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every problem of {@code instance}; empty when it is valid.
     *
     * @param root the JSON path of {@code instance} in what the user wrote ({@code $}, or e.g.
     *        {@code $.config})
     */
    public List<String> problems(JsonNode instance, String root) {
        List<Error> errors = schema.validate(instance);
        Set<String> problems = new LinkedHashSet<>();
        for (Error e : errors) {
            if (isBranch(e, errors)) {
                continue; // part of a oneOf/anyOf: said once by the summary below
            }
            String at = SchemaProblems.path(root, e.getInstanceLocation());
            String line = switch (e.getKeyword()) {
                case "required" -> child(at, e.getProperty()) + ": required";
                case "additionalProperties", "unevaluatedProperties" -> unknownField(e, errors, at);
                case "type" -> at + ": must be " + typeName(e.getSchemaNode());
                case "enum" -> at + ": unknown value " + shown(e.getInstanceNode()) + " (known: " + known(e.getSchemaNode()) + ")";
                case "oneOf", "anyOf" -> alternatives(e, errors, at);
                case "minimum" -> at + ": " + e.getInstanceNode() + " is out of range (at least " + e.getSchemaNode() + ")";
                case "maximum" -> at + ": " + e.getInstanceNode() + " is out of range (at most " + e.getSchemaNode() + ")";
                case "pattern" -> at + (e.getSchemaNode() != null && "\\S".equals(e.getSchemaNode().asText())
                        ? ": must not be blank" : ": " + shown(e.getInstanceNode()) + " does not match " + e.getSchemaNode().asText());
                case "uniqueItems" -> at + ": lists an item twice";
                default -> at + ": " + e.getMessage();
            };
            if (line != null) {
                problems.add(line);
            }
        }
        return List.copyOf(problems);
    }

    /** Whether {@code e} is one branch's reason inside a failed {@code oneOf}/{@code anyOf}. */
    private static boolean isBranch(Error e, List<Error> all) {
        String eval = String.valueOf(e.getEvaluationPath());
        for (Error parent : all) {
            if (parent != e && isAlternatives(parent) && eval.startsWith(parent.getEvaluationPath() + "/")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAlternatives(Error e) {
        return "oneOf".equals(e.getKeyword()) || "anyOf".equals(e.getKeyword());
    }

    /**
     * The one line for a failed {@code oneOf}/{@code anyOf}: none when its branches only ask
     * for a property and an unknown field at the same place is that property misspelt (the
     * unknown field's line says which); {@code needs one of ...} when the branches only ask
     * for a property each; else the validator's summary.
     */
    private static String alternatives(Error summary, List<Error> all, String at) {
        List<String> wanted = wanted(summary, all);
        if (wanted == null) {
            return at + ": " + summary.getMessage();
        }
        for (Error o : all) {
            if (isUnknownField(o) && sameInstance(o, summary) && similar(o.getProperty(), wanted) != null) {
                return null;
            }
        }
        return at + ": needs " + ("oneOf".equals(summary.getKeyword()) ? "exactly one" : "at least one") + " of "
                + wanted.stream().map(w -> "'" + w + "'").collect(Collectors.joining(", "));
    }

    /** The properties the branches of a failed oneOf/anyOf ask for, or null when a branch fails otherwise. */
    private static List<String> wanted(Error summary, List<Error> all) {
        String prefix = summary.getEvaluationPath() + "/";
        List<Error> branches = all.stream().filter(b -> String.valueOf(b.getEvaluationPath()).startsWith(prefix)).toList();
        if (branches.isEmpty() || !branches.stream().allMatch(b -> "required".equals(b.getKeyword()))) {
            return null;
        }
        return branches.stream().map(Error::getProperty).distinct().toList();
    }

    /** For an unknown field: the property a failed oneOf/anyOf at the same place asks for that it resembles. */
    private static String suggestion(Error unknown, List<Error> all) {
        for (Error o : all) {
            if (isAlternatives(o) && sameInstance(o, unknown)) {
                List<String> wanted = wanted(o, all);
                String match = wanted == null ? null : similar(unknown.getProperty(), wanted);
                if (match != null) {
                    return match;
                }
            }
        }
        return null;
    }

    private static boolean isUnknownField(Error e) {
        return "additionalProperties".equals(e.getKeyword()) || "unevaluatedProperties".equals(e.getKeyword());
    }

    private static boolean sameInstance(Error a, Error b) {
        return String.valueOf(a.getInstanceLocation()).equals(String.valueOf(b.getInstanceLocation()));
    }

    /**
     * The candidate {@code name} is a misspelling of (at most two edits, case ignored), or
     * null: for "did you mean" hints.
     */
    public static String similar(String name, List<String> candidates) {
        if (name == null) {
            return null;
        }
        for (String c : candidates) {
            if (c != null && distance(name.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT)) <= 2) {
                return c;
            }
        }
        return null;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String unknownField(Error e, List<Error> all, String at) {
        String meant = suggestion(e, all);
        return child(at, e.getProperty()) + ": unknown field" + (meant == null ? "" : " (did you mean '" + meant + "'?)");
    }

    private static String child(String at, String property) {
        return property == null ? at : JsonPathText.key(at, property);
    }

    private static String typeName(JsonNode type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(typeName(t)));
            return String.join(" or ", names);
        }
        return switch (type.asText()) {
            case "string" -> "a string";
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "object" -> "a JSON object";
            case "array" -> "an array";
            case "null" -> "null";
            default -> type.asText();
        };
    }

    private static String known(JsonNode values) {
        if (values == null || !values.isArray()) {
            return String.valueOf(values);
        }
        List<String> names = new ArrayList<>();
        values.forEach(v -> names.add(v.isTextual() ? v.textValue() : v.toString()));
        return String.join(", ", names);
    }

    /** A JSON value for a message, cut short. */
    private static String shown(JsonNode value) {
        String text = value == null ? "null" : value.isTextual() ? "'" + value.textValue() + "'" : value.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
