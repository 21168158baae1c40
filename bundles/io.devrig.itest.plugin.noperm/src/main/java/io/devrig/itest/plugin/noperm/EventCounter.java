package io.devrig.itest.plugin.noperm;

import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/** Listens to every DevRig event although the plugin never asked for events:subscribe. */
@Component(service = {EventHandler.class, EventCounter.class}, property = "event.topics=devrig/*")
public class EventCounter implements EventHandler {

    final AtomicInteger received = new AtomicInteger();

    @Override
    public void handleEvent(Event event) {
        received.incrementAndGet();
    }
}
