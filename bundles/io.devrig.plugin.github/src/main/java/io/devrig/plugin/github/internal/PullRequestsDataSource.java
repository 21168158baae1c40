package io.devrig.plugin.github.internal;

import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.plugin.sdk.PluginSecrets;
import io.devrig.api.plugin.sdk.PluginStorage;
import io.devrig.api.sync.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code github.pull_requests} data source; see {@link PullRequestsSync}. */
@Component(service = DataSource.class, property = "devrig.capability=dataSource:" + Items.PULL_REQUESTS)
public class PullRequestsDataSource extends GitHubDataSource {

    @Activate
    public PullRequestsDataSource(@Reference PluginInbox inbox, @Reference PluginHttp http,
            @Reference PluginSecrets secrets, @Reference PluginLog log, @Reference PluginStorage storage) {
        super("pullRequests", http, secrets, log, storage, (client, pacer) -> new PullRequestsSync(client, inbox, log, pacer));
    }
}
