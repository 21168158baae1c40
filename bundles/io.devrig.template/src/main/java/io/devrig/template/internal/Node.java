package io.devrig.template.internal;

import java.util.List;

/** A piece of a compiled template. Immutable. */
sealed interface Node {

    /** Text copied to the output as written. */
    record Text(String text) implements Node {
    }

    /**
     * {@code {{expr}}} (escaped as the options say) or {@code {{{expr}}}} (not escaped).
     *
     * @param offset where the tag starts, for render errors
     */
    record Output(Expr expr, boolean escape, int offset) implements Node {
    }

    /** {@code {{#if a}}…{{else if b}}…{{else}}…{{/if}}}: the first true branch, else {@code otherwise}. */
    record If(List<Branch> branches, List<Node> otherwise) implements Node {

        public If {
            branches = List.copyOf(branches);
            otherwise = List.copyOf(otherwise);
        }
    }

    record Branch(Expr condition, List<Node> body) {

        public Branch {
            body = List.copyOf(body);
        }
    }

    /** {@code {{#each source}}body{{/each}}}. */
    record Each(Expr source, List<Node> body, int offset) implements Node {

        public Each {
            body = List.copyOf(body);
        }
    }
}
