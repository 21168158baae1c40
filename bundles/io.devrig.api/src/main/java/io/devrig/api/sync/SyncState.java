package io.devrig.api.sync;

/** Where a data source's syncing stands; {@link #json()} is its name in the store. */
public enum SyncState {
    IDLE("idle"), SYNCING("syncing"), ERROR("error"), DISABLED("disabled");

    private final String json;

    SyncState(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static SyncState fromJson(String json) {
        for (SyncState s : values()) {
            if (s.json.equals(json)) {
                return s;
            }
        }
        return null;
    }
}
