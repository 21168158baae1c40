package io.devrig.trigger.poll.internal;

import io.devrig.common.json.Json;
import io.devrig.common.path.DataPath;
import io.devrig.trigger.poll.internal.PollConfig.Dedup;
import io.devrig.common.json.JsonValues;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three deduplication strategies (seed §6.2.4, §6.3): what in the polled data changed since
 * the saved state, as fires and the state to save after them. Pure: no I/O, no clock.
 */
final class Changes {

    /** A timestamp poll fires at most this many items; the rest fire at the next poll. */
    static final int MAX_ITEMS_PER_POLL = 100;
    /** Data larger than this (as JSON) is not kept as the next fire's {@code previous}. */
    static final int MAX_KEPT_CHARS = 256 * 1024;

    static final String CONFIG = "config";
    static final String SEQ = "seq";
    static final String HASH = "hash";
    static final String VALUE = "value";
    static final String LAST_TIMESTAMP = "lastTimestamp";
    static final String DATA = "data";
    static final String POLLED_AT = "polledAt";

    /** One fire: its deduplication key and what differs from the payload's common fields. */
    record Fire(String key, Map<String, Object> payload) {
    }

    /** What a poll leads to: fires in order, then the state to save. */
    record Outcome(List<Fire> fires, Map<String, Object> state) {
    }

    /** Thrown when the data does not hold what the strategy reads (a field path that is not there). */
    static final class UnreadableData extends Exception {
        UnreadableData(String message) {
            super(message, null, false, false);
        }
    }

    private Changes() {
    }

    /**
     * Compares {@code data} with {@code state}. With no state for this fingerprint (a first poll
     * after publishing, or a version that polls something else) nothing fires: the state is
     * recorded.
     */
    static Outcome compare(PollConfig config, Map<String, Object> state, Object data, Instant polledAt)
            throws UnreadableData {
        boolean first = state == null || !config.fingerprint().equals(state.get(CONFIG));
        long seq = first ? 0 : seq(state.get(SEQ));
        Map<String, Object> next = new LinkedHashMap<>();
        next.put(CONFIG, config.fingerprint());
        next.put(POLLED_AT, polledAt.toString());
        Object previous = first ? null : state.get(DATA);
        Dedup dedup = config.dedup();
        List<Fire> fires = new ArrayList<>();
        switch (dedup.strategy()) {
            case HASH -> {
                String hash = hash(data);
                next.put(HASH, hash);
                if (!first && !hash.equals(state.get(HASH))) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("previous", previous);
                    p.put("current", data);
                    fires.add(new Fire("hash:" + (seq + 1) + ":" + hash.substring(0, 16), p));
                }
            }
            case FIELD -> {
                Object value = dedup.field().read(data);
                if (value == DataPath.MISSING) {
                    throw new UnreadableData("the response has no value at deduplication.field '"
                            + dedup.field().text() + "'");
                }
                String text = Json.writeSorted(value);
                next.put(VALUE, text);
                Object before = first ? null : state.get(VALUE);
                if (!first && !text.equals(before)) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("path", dedup.field().text());
                    f.put("previous", before == null ? null : Json.read((String) before));
                    f.put("current", value);
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("previous", previous);
                    p.put("current", data);
                    p.put("field", f);
                    fires.add(new Fire("field:" + (seq + 1) + ":" + PollConfig.sha256(text).substring(0, 16), p));
                }
            }
            case TIMESTAMP -> {
                List<Item> items = items(dedup, data);
                Instant last = first || state.get(LAST_TIMESTAMP) == null ? null
                        : Instant.parse((String) state.get(LAST_TIMESTAMP));
                Instant newest = last;
                if (first) {
                    for (Item item : items) {
                        newest = newest == null || item.at.isAfter(newest) ? item.at : newest;
                    }
                } else {
                    List<Item> fresh = new ArrayList<>();
                    for (Item item : items) {
                        if (last == null || item.at.isAfter(last)) {
                            fresh.add(item);
                        }
                    }
                    // oldest first, so that the saved time never passes an item not fired yet
                    fresh.sort(Comparator.comparing(Item::at));
                    for (Item item : fresh.subList(0, Math.min(fresh.size(), MAX_ITEMS_PER_POLL))) {
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("previous", last == null ? null : last.toString());
                        p.put("current", item.value);
                        p.put("timestamp", item.at.toString());
                        String sha = PollConfig.sha256(Json.writeSorted(item.value)).substring(0, 16);
                        fires.add(new Fire("timestamp:" + item.at + ":" + sha, p));
                        newest = newest == null || item.at.isAfter(newest) ? item.at : newest;
                    }
                }
                next.put(LAST_TIMESTAMP, newest == null ? null : newest.toString());
            }
            default -> throw new IllegalStateException(dedup.strategy().name());
        }
        next.put(SEQ, seq + fires.size());
        if (dedup.strategy() != PollConfig.Strategy.TIMESTAMP) {
            String json = Json.write(data);
            if (json.length() <= MAX_KEPT_CHARS) {
                next.put(DATA, data);
            }
        }
        return new Outcome(fires, next);
    }

    /** SHA-256 of the data: a text's UTF-8 bytes, else its JSON with object keys sorted (so key order is no change). */
    static String hash(Object data) {
        return PollConfig.sha256(data instanceof String s ? s : Json.writeSorted(data));
    }

    private record Item(Object value, Instant at) {
    }

    /** The items of a timestamp poll: the array at {@code items}, else the data's elements, else the data itself. */
    private static List<Item> items(Dedup dedup, Object data) throws UnreadableData {
        Object where = dedup.items() == null ? data : dedup.items().read(data);
        if (where == DataPath.MISSING || dedup.items() != null && !(where instanceof List<?>)) {
            throw new UnreadableData("the response has no array at deduplication.items '" + dedup.items().text() + "'");
        }
        List<?> values = where instanceof List<?> list ? list : List.of(where == null ? Map.of() : where);
        List<Item> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Object v = dedup.field().read(values.get(i));
            Instant at = v instanceof String s ? instant(s) : null;
            if (at == null) {
                throw new UnreadableData((where instanceof List<?> ? "item " + i : "the response") + " has no ISO-8601"
                        + " timestamp with a zone at deduplication.field '" + dedup.field().text() + "'");
            }
            out.add(new Item(values.get(i), at));
        }
        return out;
    }

    /** An ISO-8601 date-time with an offset or {@code Z}; null when it is not one. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long seq(Object value) {
        Long n = value == null ? null : JsonValues.wholeNumber(value);
        return n == null ? 0 : n;
    }
}
