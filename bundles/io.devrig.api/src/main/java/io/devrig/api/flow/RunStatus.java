package io.devrig.api.flow;

/** The state of a workflow run; {@link #json()} is its name in the store. */
public enum RunStatus {
    PENDING("pending"), RUNNING("running"), COMPLETED("completed"), FAILED("failed"), CANCELLED("cancelled"),
    TIMED_OUT("timed_out");

    private final String json;

    RunStatus(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** Whether the run has ended. */
    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }

    public static RunStatus fromJson(String json) {
        for (RunStatus s : values()) {
            if (s.json.equals(json)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown run status '" + json + "'");
    }
}
