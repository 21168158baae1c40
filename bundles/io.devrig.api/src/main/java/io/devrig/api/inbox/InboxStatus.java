package io.devrig.api.inbox;

/** Where an item stands; {@link #json()} is its name in JSON and the store. */
public enum InboxStatus {
    UNREAD("unread"), READ("read"), ARCHIVED("archived"), SNOOZED("snoozed");

    private final String json;

    InboxStatus(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The status named {@code json}, or null. */
    public static InboxStatus fromJson(String json) {
        for (InboxStatus s : values()) {
            if (s.json.equals(json)) {
                return s;
            }
        }
        return null;
    }
}
