package io.devrig.common.plugin;

import java.util.List;

/** A descriptor that cannot be accepted; {@link #problems()} names each problem with its JSON path. */
public final class DescriptorException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public DescriptorException(List<String> problems) {
        super("invalid plugin descriptor: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
