package io.devrig.condition.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The operators of {@code compare} expressions, by their DSL names. */
enum CompareOp {
    EQ("eq"), NEQ("neq"), GT("gt"), GTE("gte"), LT("lt"), LTE("lte"),
    CONTAINS("contains"), STARTS_WITH("startsWith"), ENDS_WITH("endsWith");

    private final String dslName;

    CompareOp(String dslName) {
        this.dslName = dslName;
    }

    String dslName() {
        return dslName;
    }

    /** Exact (case-sensitive) lookup: the DSL is case-sensitive. */
    static Optional<CompareOp> of(String name) {
        return Arrays.stream(values()).filter(op -> op.dslName.equals(name)).findFirst();
    }

    static String known() {
        return Arrays.stream(values()).map(CompareOp::dslName).collect(Collectors.joining(", "));
    }
}
