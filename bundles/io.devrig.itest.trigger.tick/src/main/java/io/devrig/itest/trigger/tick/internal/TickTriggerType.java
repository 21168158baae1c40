package io.devrig.itest.trigger.tick.internal;

import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerType;
import io.devrig.itest.trigger.tick.Ticks;
import org.osgi.service.component.annotations.Component;

/**
 * {@code itest.tick}: a trigger type whose handlers never fire by themselves, only when a
 * test calls {@link Ticks#fire}. Creating, starting and disposing are recorded in
 * {@link Ticks}, so a test sees the manager give the handlers back when this bundle stops.
 */
@Component(service = TriggerType.class, property = TriggerType.TYPE_PROPERTY + "=" + Ticks.TYPE)
public final class TickTriggerType implements TriggerType {

    @Override
    public TriggerHandler createHandler(TriggerContext context) {
        Handler h = new Handler(context, Ticks.nextGeneration(context.triggerId()));
        Ticks.record(Ticks.What.CREATED, h);
        return h;
    }

    @Override
    public void disposeHandler(TriggerHandler handler) {
        handler.stop();
        Ticks.record(Ticks.What.DISPOSED, (Handler) handler);
    }

    private record Handler(TriggerContext context, int generation) implements TriggerHandler, Ticks.Live {

        @Override
        public void start() {
            Ticks.record(Ticks.What.STARTED, this);
        }

        @Override
        public void stop() {
            // nothing runs by itself; disposeHandler records the end
        }
    }
}
