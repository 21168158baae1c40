package io.devrig.api.flow;

/** What a run does when a node fails after its retries. {@link #json()} is its name in a definition. */
public enum ErrorHandling {
    STOP("stop"), SKIP("skip"), RETRY("retry");

    private final String json;

    ErrorHandling(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The value named {@code json} in a definition, or null. */
    public static ErrorHandling fromJson(String json) {
        for (ErrorHandling v : values()) {
            if (v.json.equals(json)) {
                return v;
            }
        }
        return null;
    }
}
