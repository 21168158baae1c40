package io.devrig.template.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.common.path.DataPath;
import java.util.List;

/** A value in a tag: a path, a literal or a helper call. Immutable. */
sealed interface Expr {

    /** What a path starts from. */
    enum Start {
        /** The current context ({@code this}), after going up {@code parents} {@code {{#each}}} levels. */
        CONTEXT,
        /** {@code @root}: the data the template is rendered with. */
        ROOT,
        /** {@code @index}: position in the innermost {@code {{#each}}}, from 0. */
        INDEX,
        /** {@code @key}: field name (objects) or position (arrays) in the innermost {@code {{#each}}}. */
        KEY,
        /** {@code @first}. */
        FIRST,
        /** {@code @last}. */
        LAST
    }

    /**
     * A data lookup: from {@code start}, the data path (DevRig's one grammar).
     *
     * @param text the path as written, for error messages
     */
    record Path(Start start, int parents, DataPath path, String text, int offset) implements Expr {
    }

    /** A string, number, boolean or null literal. */
    record Literal(JsonNode value) implements Expr {
    }

    /** {@code (helper arg…)}. */
    record Call(Helper helper, List<Expr> args) implements Expr {

        public Call {
            args = List.copyOf(args);
        }
    }
}
