package io.devrig.inbox.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Keeps what was posted or sent. */
final class RecordingEventAdmin implements EventAdmin {

    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        events.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        throw new AssertionError("the inbox posts asynchronously; sendEvent would block the writer");
    }

    List<String> topics() {
        return events.stream().map(Event::getTopic).toList();
    }
}
