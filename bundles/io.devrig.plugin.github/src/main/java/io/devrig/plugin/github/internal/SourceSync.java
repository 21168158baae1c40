package io.devrig.plugin.github.internal;

import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;

/** What both data sources' page logic works with: the API client, the inbox, the log and the poll pacer. */
abstract class SourceSync {

    protected final GitHubClient client;
    protected final PluginInbox inbox;
    protected final PluginLog log;
    protected final PollPacer pacer;

    SourceSync(GitHubClient client, PluginInbox inbox, PluginLog log, PollPacer pacer) {
        this.client = client;
        this.inbox = inbox;
        this.log = log;
        this.pacer = pacer;
    }

    /** One page of a cycle, as {@link io.devrig.api.sync.DataSource#sync} is asked for it. */
    abstract SyncResult sync(SyncRequest request);
}
