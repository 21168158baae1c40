package io.devrig.api.flow;

/** How independent branches run. {@link #json()} is its name in a definition. */
public enum ExecutionMode {
    SEQUENTIAL("sequential"), PARALLEL("parallel");

    private final String json;

    ExecutionMode(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The value named {@code json} in a definition, or null. */
    public static ExecutionMode fromJson(String json) {
        for (ExecutionMode v : values()) {
            if (v.json.equals(json)) {
                return v;
            }
        }
        return null;
    }
}
