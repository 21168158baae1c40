package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.error.DevRigException;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.plugin.sdk.PluginStorage;
import java.time.Clock;
import java.util.Optional;

/**
 * GitHub's {@code X-Poll-Interval} hint. A data source cannot change the interval the
 * scheduler calls it on, so it paces itself instead: the time of the last first-page request
 * and the hinted interval are kept in the plugin's storage (key {@code poll/<dataSourceId>}),
 * and a cycle that starts before that interval has passed sends nothing.
 */
final class PollPacer {

    private final PluginStorage storage;
    private final PluginLog log;
    private final Clock clock;

    PollPacer(PluginStorage storage, PluginLog log, Clock clock) {
        this.storage = storage;
        this.log = log;
        this.clock = clock;
    }

    /** Milliseconds to wait before the next poll is allowed; 0 when it may go ahead. */
    long waitMs(String dataSourceId) {
        Optional<String> stored;
        try {
            stored = storage.get(key(dataSourceId));
        } catch (DevRigException e) {
            log.warn("Cannot read the poll pacing of {}: {}", dataSourceId, e.getMessage());
            return 0;
        }
        if (stored.isEmpty()) {
            return 0;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(stored.get());
            long due = node.path("polledAt").asLong(0) + node.path("intervalSeconds").asLong(0) * 1000;
            return Math.max(0, due - clock.millis());
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Records a first-page poll and the interval GitHub hinted in it (none: no pacing). */
    void polled(String dataSourceId, ApiResponse response) {
        Long hint = response.longHeader("x-poll-interval");
        try {
            if (hint == null || hint <= 0) {
                if (storage.get(key(dataSourceId)).isPresent()) {
                    storage.delete(key(dataSourceId)); // the hint is gone: poll on the scheduler's interval again
                }
            } else {
                // a day at most: a broken header must not stop syncing for good
                storage.put(key(dataSourceId), Json.write(Json.object().put("polledAt", clock.millis())
                        .put("intervalSeconds", Math.min(hint, 86_400))));
            }
        } catch (DevRigException e) {
            // pacing is a courtesy to GitHub; the page's items are already stored
            log.warn("Cannot record the poll interval of {}: {}", dataSourceId, e.getMessage());
        }
    }

    static String key(String dataSourceId) {
        return "poll/" + dataSourceId;
    }
}
