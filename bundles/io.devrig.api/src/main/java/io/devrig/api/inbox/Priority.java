package io.devrig.api.inbox;

/** An item's priority, most urgent first; {@link #json()} is its name in JSON and the store. */
public enum Priority {
    URGENT("urgent"), HIGH("high"), NORMAL("normal"), LOW("low");

    private final String json;

    Priority(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The priority named {@code json}, or null. */
    public static Priority fromJson(String json) {
        for (Priority p : values()) {
            if (p.json.equals(json)) {
                return p;
            }
        }
        return null;
    }
}
