package io.devrig.trigger.poll.internal;

import static io.devrig.testing.TestJson.object;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strategies alone: deterministic keys (a fire repeated after a crash is a duplicate), limits. */
class ChangesTest {

    static final Instant AT = Instant.parse("2026-12-06T12:00:00Z");

    static PollConfig config(String dedup) {
        List<String> problems = new ArrayList<>();
        PollConfig c = PollConfig.read(object("{'intervalMs': 5000, 'source': {'type': 'plugin', 'actionType': 'a.b'},"
                + " 'deduplication': " + dedup + "}"), PollConfig.MIN_INTERVAL_MS, null, problems);
        assertThat(problems).isEmpty();
        return c;
    }

    @Test
    void aChangeNotSavedFiresAgainWithTheSameKeyAndTheNextChangeWithAnother() throws Exception {
        for (String dedup : List.of("{'strategy': 'hash'}", "{'strategy': 'field', 'field': 'v'}")) {
            PollConfig config = config(dedup);
            Map<String, Object> state = Changes.compare(config, Map.of(), object("{'v': 1}"), AT).state();
            Changes.Outcome once = Changes.compare(config, state, object("{'v': 2}"), AT);
            Changes.Outcome again = Changes.compare(config, state, object("{'v': 2}"), AT.plusSeconds(5));
            assertThat(once.fires()).hasSize(1);
            assertThat(again.fires().get(0).key()).as(dedup).isEqualTo(once.fires().get(0).key());

            // 1 -> 2 -> 1: the way back is a change of its own, not a duplicate of the first state
            Changes.Outcome back = Changes.compare(config, once.state(), object("{'v': 1}"), AT);
            assertThat(back.fires()).hasSize(1);
            assertThat(back.fires().get(0).key()).isNotEqualTo(once.fires().get(0).key());
        }
    }

    @Test
    void hashIgnoresKeyOrderAndATimestampPollFiresAtMostAHundredItems() throws Exception {
        PollConfig hash = config("{'strategy': 'hash'}");
        Map<String, Object> state = Changes.compare(hash, Map.of(), object("{'a': 1, 'b': 2}"), AT).state();
        assertThat(Changes.compare(hash, state, object("{'b': 2, 'a': 1}"), AT).fires()).isEmpty();

        PollConfig ts = config("{'strategy': 'timestamp', 'field': 'at'}");
        Map<String, Object> seen = Changes.compare(ts, Map.of(), List.of(), AT).state();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            items.add(Map.of("at", AT.plusSeconds(i).toString()));
        }
        Changes.Outcome first = Changes.compare(ts, seen, items, AT);
        assertThat(first.fires()).hasSize(Changes.MAX_ITEMS_PER_POLL);
        Changes.Outcome rest = Changes.compare(ts, first.state(), items, AT);
        assertThat(rest.fires()).hasSize(50);
        assertThat(rest.fires().get(0).payload().get("timestamp")).isEqualTo(AT.plusSeconds(100).toString());
        assertThat(Changes.compare(ts, rest.state(), items, AT).fires()).isEmpty();
    }
}
