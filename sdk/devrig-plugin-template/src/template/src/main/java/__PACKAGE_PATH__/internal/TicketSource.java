package __PACKAGE__.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.sync.DataSource;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The data source {@code __PREFIX__.tickets} of plugin.json: each sync stores the open tickets
 * in the inbox (an upsert by externalId, so a repeated sync duplicates nothing).
 */
@Component(service = DataSource.class, property = "devrig.capability=dataSource:__PREFIX__.tickets")
public final class TicketSource implements DataSource {

    private final TicketService service;
    private final PluginInbox inbox;
    private final PluginLog log;

    @Activate
    public TicketSource(@Reference PluginHttp http, @Reference PluginInbox inbox, @Reference PluginLog log) {
        this.service = new TicketService(http);
        this.inbox = inbox;
        this.log = log;
    }

    @Override
    public SyncResult sync(SyncRequest request) {
        List<InboxItemInput> items = new ArrayList<>();
        for (JsonNode ticket : service.openTickets(request.config())) {
            String id = ticket.path("id").asText();
            items.add(new InboxItemInput(id, "ticket", ticket.path("title").asText(), null, null,
                    ticket.hasNonNull("url") ? ticket.get("url").asText() : null, null, true,
                    Map.of("ticket", id), ticket.hasNonNull("updatedAt") ? ticket.get("updatedAt").asText() : null));
        }
        StoreResult stored = inbox.storeItems(items);
        stored.failures().forEach(f -> log.warn("ticket {} was not stored: {}", f.externalId(), f.message()));
        return new SyncResult(null, false, stored.created() + stored.updated());
    }
}
