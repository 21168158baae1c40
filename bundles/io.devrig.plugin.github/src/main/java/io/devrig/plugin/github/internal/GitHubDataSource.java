package io.devrig.plugin.github.internal;

import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.plugin.sdk.PluginSecrets;
import io.devrig.api.plugin.sdk.PluginStorage;
import io.devrig.api.sync.DataSource;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.time.Clock;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What the two data source components share: the client and pacer they build from the SDK,
 * and the plugin-wide {@code apiUrl} (PID {@value GitHubAction#PID}) as the default of their config.
 */
abstract class GitHubDataSource implements DataSource {

    private final SourceSync sync;
    private final Map<String, Object> properties;

    GitHubDataSource(Map<String, Object> properties, PluginHttp http, PluginSecrets secrets, PluginLog log,
            PluginStorage storage, BiFunction<GitHubClient, PollPacer, SourceSync> pages) {
        Clock clock = Clock.systemUTC();
        this.properties = properties;
        this.sync = pages.apply(new GitHubClient(http, secrets, log, clock), new PollPacer(storage, log, clock));
    }

    @Override
    public SyncResult sync(SyncRequest request) {
        return sync.sync(ApiBase.withDefaultApiUrl(request, properties));
    }
}
