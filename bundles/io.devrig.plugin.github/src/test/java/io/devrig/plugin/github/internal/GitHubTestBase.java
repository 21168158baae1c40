package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import io.devrig.sdk.testkit.FakePluginInbox;
import io.devrig.sdk.testkit.FakePluginSecrets;
import io.devrig.sdk.testkit.FakePluginSettings;
import io.devrig.sdk.testkit.FakePluginStorage;
import io.devrig.sdk.testkit.LocalPluginHttp;
import io.devrig.sdk.testkit.PluginKit;
import io.devrig.sdk.testkit.RecordingPluginLog;
import io.devrig.testing.MutableClock;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fake GitHub on 127.0.0.1 and the SDK services of the plugin test kit, fresh for every test. */
abstract class GitHubTestBase {

    static final Instant START = Instant.parse("2026-11-23T08:00:00Z");

    FakeGitHub github;
    /**
     * The kit's HTTP: really sends, to 127.0.0.1 only (the fake), as an admin allow-lists a
     * private address in DevRig; {@code attempts()} is every request the plugin passed to it.
     */
    LocalPluginHttp http;
    /** The plugin as this build made it: plugin.json's permissions (network, secrets:read, inbox:write). */
    PluginKit kit;
    FakePluginSecrets secrets;
    FakePluginInbox inbox;
    FakePluginStorage storage;
    FakePluginSettings settings;
    RecordingPluginLog log;
    MutableClock clock;
    /** This test's rate-limit memory, shared by every client it builds (as the bundle's are). */
    RateLimits limits;

    /** The API's path prefix on the fake ({@code /api/v3} plays GitHub Enterprise Server). */
    String prefix() {
        return "";
    }

    @BeforeEach
    void startGitHub() throws IOException {
        clock = new MutableClock(START);
        limits = new RateLimits();
        github = new FakeGitHub(prefix(), clock);
        kit = PluginKit.fromBuild();
        http = kit.http();
        secrets = kit.secrets().put("token", FakeGitHub.TOKEN);
        inbox = kit.inbox();
        storage = kit.storage();
        settings = kit.settings();
        log = kit.log();
    }

    @AfterEach
    void stopGitHub() {
        github.close();
    }

    GitHubClient client() {
        return new GitHubClient(http, secrets, log, clock, limits);
    }

    PollPacer pacer() {
        return new PollPacer(storage, log, clock);
    }

    /** A count summed over every storeItems call so far, e.g. {@code stored(StoreResult::created)}. */
    int stored(ToIntFunction<StoreResult> count) {
        return inbox.storeResults().stream().mapToInt(count).sum();
    }

    /** Every line logged so far, one text. */
    String logged() {
        return String.join("\n", log.lines());
    }

    /** Neither the exception (message, details, causes) nor any log line carries the token. */
    void assertNoTokenIn(DevRigException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(FakeGitHub.TOKEN);
            assertThat(t.toString()).doesNotContain(FakeGitHub.TOKEN);
        }
        assertThat(e.error().details().toString()).doesNotContain(FakeGitHub.TOKEN);
        assertThat(logged()).doesNotContain(FakeGitHub.TOKEN);
    }

    /**
     * Calls a data source the way the sync scheduler does: pages from 1 while hasMore, the
     * cursor kept after every page (null keeps the old one), also when a later page fails.
     */
    static final class Scheduler {
        private final Function<SyncRequest, SyncResult> source;
        private final String dataSourceId;
        Map<String, Object> config;
        String cursor;
        final List<SyncResult> pages = new ArrayList<>();

        Scheduler(Function<SyncRequest, SyncResult> source, String dataSourceId, Map<String, Object> config) {
            this.source = source;
            this.dataSourceId = dataSourceId;
            this.config = config;
        }

        /** One cycle; the items it synced. */
        int cycle() {
            pages.clear();
            int items = 0;
            for (int page = 1; page <= 100; page++) {
                SyncResult r = source.apply(new SyncRequest(dataSourceId, cursor, page, config));
                pages.add(r);
                if (r.cursor() != null) {
                    cursor = r.cursor();
                }
                items += r.itemsSynced();
                if (!r.hasMore()) {
                    break;
                }
            }
            return items;
        }
    }
}
