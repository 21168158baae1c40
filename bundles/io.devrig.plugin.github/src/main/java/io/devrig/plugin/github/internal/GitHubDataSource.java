package io.devrig.plugin.github.internal;

import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.plugin.sdk.PluginSecrets;
import io.devrig.api.plugin.sdk.PluginStorage;
import io.devrig.api.sync.DataSource;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.time.Clock;
import java.util.function.BiFunction;

/**
 * What the two data source components share: the client and pacer they build from the SDK,
 * and their section of the plugin's settings (with the plugin-wide {@code apiUrl}) as the
 * config of each page; the scheduler hands the current settings to every cycle.
 */
abstract class GitHubDataSource implements DataSource {

    private final SourceSync sync;
    private final String section;

    GitHubDataSource(String section, PluginHttp http, PluginSecrets secrets, PluginLog log, PluginStorage storage,
            BiFunction<GitHubClient, PollPacer, SourceSync> pages) {
        Clock clock = Clock.systemUTC();
        this.section = section;
        this.sync = pages.apply(new GitHubClient(http, secrets, log, clock, RateLimits.SHARED), new PollPacer(storage, log, clock));
    }

    @Override
    public SyncResult sync(SyncRequest request) {
        return sync.sync(ApiBase.forSource(request, section));
    }
}
