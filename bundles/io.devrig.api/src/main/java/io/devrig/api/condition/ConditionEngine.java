package io.devrig.api.condition;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Compiles condition expressions (seed architecture §7.1) for evaluation. Published
 * by the {@code io.devrig.condition} bundle.
 *
 * <p>An expression is a JSON object such as
 * <pre>{"type":"compare","left":{"type":"context","path":"trigger.payload.state"},
 *  "operator":"eq","right":{"type":"literal","value":"open"}}</pre>
 * Compiling is strict: unknown fields, types, operators, ref kinds or cast types,
 * missing fields, wrong arity, invalid or oversized regular expressions and too deep
 * nesting are all reported together, each with its JSON path
 * ({@code $.conditions[1].operator: unknown operator 'equals' ...}).
 */
@ProviderType
public interface ConditionEngine {

    /**
     * Compiles an expression given as JSON text.
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} (category permanent)
     *         whose message lists every problem and whose details hold them under
     *         {@code problems} (a list of strings)
     */
    CompiledCondition compile(String json);

    /**
     * Compiles an expression given as a Jackson {@code JsonNode} or as JSON-compatible
     * Java values (nested {@code Map}s and {@code List}s); a {@code String} is read as
     * JSON text, as by {@link #compile(String)}.
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT}, as {@link #compile(String)}
     */
    CompiledCondition compile(Object expression);

    /** Every problem of an expression given as JSON text, each with its JSON path; empty when it compiles. */
    List<String> validate(String json);

    /** Every problem of an expression given as in {@link #compile(Object)}; empty when it compiles. */
    List<String> validate(Object expression);
}
