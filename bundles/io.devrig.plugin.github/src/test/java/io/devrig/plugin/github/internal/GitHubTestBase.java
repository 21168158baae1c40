package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fake GitHub on 127.0.0.1 and the SDK doubles, fresh for every test. */
abstract class GitHubTestBase {

    static final Instant START = Instant.parse("2026-11-23T08:00:00Z");

    FakeGitHub github;
    JdkPluginHttp http;
    TestSdk.Secrets secrets;
    TestSdk.Inbox inbox;
    TestSdk.Storage storage;
    TestSdk.Log log;
    TestSdk.MutableClock clock;
    /** This test's rate-limit memory, shared by every client it builds (as the bundle's are). */
    RateLimits limits;

    /** The API's path prefix on the fake ({@code /api/v3} plays GitHub Enterprise Server). */
    String prefix() {
        return "";
    }

    @BeforeEach
    void startGitHub() throws IOException {
        clock = new TestSdk.MutableClock(START);
        limits = new RateLimits();
        github = new FakeGitHub(prefix(), clock);
        http = new JdkPluginHttp();
        secrets = new TestSdk.Secrets();
        secrets.values.put("token", FakeGitHub.TOKEN);
        inbox = new TestSdk.Inbox();
        storage = new TestSdk.Storage();
        log = new TestSdk.Log();
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

    /** Neither the exception (message, details, causes) nor any log line carries the token. */
    void assertNoTokenIn(DevRigException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(FakeGitHub.TOKEN);
            assertThat(t.toString()).doesNotContain(FakeGitHub.TOKEN);
        }
        assertThat(e.error().details().toString()).doesNotContain(FakeGitHub.TOKEN);
        assertThat(log.all()).doesNotContain(FakeGitHub.TOKEN);
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
