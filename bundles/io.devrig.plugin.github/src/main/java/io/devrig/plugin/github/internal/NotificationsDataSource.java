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

/** The {@code github.notifications} data source; see {@link NotificationsSync}. */
@Component(service = DataSource.class, property = "devrig.capability=dataSource:" + Items.NOTIFICATIONS)
public class NotificationsDataSource extends GitHubDataSource {

    @Activate
    public NotificationsDataSource(@Reference PluginInbox inbox, @Reference PluginHttp http,
            @Reference PluginSecrets secrets, @Reference PluginLog log, @Reference PluginStorage storage) {
        super("notifications", http, secrets, log, storage, (client, pacer) -> new NotificationsSync(client, inbox, log, pacer));
    }
}
