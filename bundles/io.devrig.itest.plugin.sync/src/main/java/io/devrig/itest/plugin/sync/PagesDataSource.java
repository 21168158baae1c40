package io.devrig.itest.plugin.sync;

import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.sync.DataSource;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Data source {@code itest.pages}: page n (the cursor's n + 1) stores item "page-n" and returns
 * cursor "p&lt;n&gt;"; a cycle ends after every third page. With the plugin setting {@code blockOnPage: n}
 * the call that would fetch page n waits (until it is interrupted) instead, so a test can
 * stop or update the plugin mid-sync.
 */
@Component(service = DataSource.class, property = "devrig.capability=dataSource:itest.pages")
public class PagesDataSource implements DataSource {

    private final PluginInbox inbox;

    @Activate
    public PagesDataSource(@Reference PluginInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public SyncResult sync(SyncRequest request) throws InterruptedException {
        int n = request.cursor() == null ? 1 : Integer.parseInt(request.cursor().substring(1)) + 1;
        if (request.config().get("blockOnPage") instanceof Number block && block.intValue() == n) {
            Thread.sleep(120_000); // ends by interruption when the plugin host cancels the call
        }
        inbox.storeItems(List.of(InboxItemInput.of("page-" + n, "page", "Page " + n)));
        return new SyncResult("p" + n, n % 3 != 0, 1);
    }
}
