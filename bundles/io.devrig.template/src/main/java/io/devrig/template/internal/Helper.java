package io.devrig.template.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The only helpers there are. The renderer evaluates them; nothing can add one. */
enum Helper {
    EQ(2, 2),
    NEQ(2, 2),
    GT(2, 2),
    LT(2, 2),
    AND(2, Integer.MAX_VALUE),
    OR(2, Integer.MAX_VALUE),
    NOT(1, 1);

    static final String KNOWN = Arrays.stream(values()).map(Helper::helperName).sorted()
            .collect(Collectors.joining(", "));

    final int minArgs;
    final int maxArgs;

    Helper(int minArgs, int maxArgs) {
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    String helperName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String arity() {
        if (minArgs == maxArgs) {
            return minArgs + (minArgs == 1 ? " argument" : " arguments");
        }
        return "at least " + minArgs + " arguments";
    }

    static Optional<Helper> named(String name) {
        for (Helper h : values()) {
            if (h.helperName().equals(name)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
