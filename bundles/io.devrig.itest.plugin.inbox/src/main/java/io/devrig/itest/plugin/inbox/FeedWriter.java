package io.devrig.itest.plugin.inbox;

import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.plugin.sdk.PluginLog;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Stores a batch of three items when the plugin starts (it only starts once its
 * {@code inbox:write} grant is given): two good ones and one with a preview over 280
 * characters, which the inbox must refuse alone. The first carries a {@code target} for the
 * action {@code itest.reply} ({@link ReplyAction}), the second none. Logs the result for the test to read.
 */
@Component(immediate = true, service = FeedWriter.class)
public class FeedWriter {

    @Activate
    public FeedWriter(@Reference PluginInbox inbox, @Reference PluginLog log) {
        StoreResult result = inbox.storeItems(List.of(
                new InboxItemInput("feed-1", "alert", "Build broken on main", "The nightly build failed in the "
                        + "compile step.", "nightly build failed", "https://ci.example.org/1", Priority.URGENT, true,
                        // target: what itest.reply takes from the item; text from outside that looks like a template
                        Map.of("dataSourceId", "itest.feed", "target", "ci/{{item.title}}"), null),
                new InboxItemInput("feed-2", "note", "Release notes drafted", null, null, null, Priority.LOW, false,
                        Map.of("dataSourceId", "itest.feed"), null),
                new InboxItemInput("feed-3", "note", "Too long", null, "x".repeat(281), null, null, null, null, null)));
        log.info("itest feed stored: created=" + result.created() + " updated=" + result.updated() + " failures="
                + result.failures().stream().map(f -> f.externalId() + ": " + f.message()).toList());
    }
}
