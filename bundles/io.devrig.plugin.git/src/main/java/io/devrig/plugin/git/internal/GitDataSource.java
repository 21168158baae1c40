package io.devrig.plugin.git.internal;

import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.sync.DataSource;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code git.repositories} data source: one full scan per sync, no cursor, of the roots in
 * the plugin's settings (which the scheduler hands to every cycle as {@link SyncRequest#config()}).
 */
@Component(service = DataSource.class, property = "devrig.capability=dataSource:" + GitRepositories.DATA_SOURCE_ID)
public class GitDataSource implements DataSource {

    private final PluginInbox inbox;
    private final GitRepositories repositories;

    @Activate
    public GitDataSource(@Reference PluginInbox inbox) {
        this.inbox = inbox;
        this.repositories = new GitRepositories(GitCli.defaults(), Path.of(System.getProperty("user.home")));
    }

    @Override
    public SyncResult sync(SyncRequest request) {
        return new SyncResult(null, false, repositories.sync(request.config(), inbox));
    }
}
