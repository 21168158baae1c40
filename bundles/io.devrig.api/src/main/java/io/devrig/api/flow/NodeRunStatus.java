package io.devrig.api.flow;

/** The state of one node of a run; {@link #json()} is its name in the store. */
public enum NodeRunStatus {
    PENDING("pending"), RUNNING("running"), COMPLETED("completed"), FAILED("failed"), SKIPPED("skipped"),
    /** In a dry-run: an action with side effects that was previewed, not executed. */
    PREVIEWED("previewed");

    private final String json;

    NodeRunStatus(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static NodeRunStatus fromJson(String json) {
        for (NodeRunStatus s : values()) {
            if (s.json.equals(json)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown node run status '" + json + "'");
    }
}
