package io.devrig.common.osgi;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * A service a component binds as {@link ComponentServiceObjects} and takes from the framework
 * on its first use, not when it is bound; {@link #release()} gives it back.
 *
 * <p>Why: getting a service at bind time activates it. When that service (or something it
 * binds at its own activation) needs the binding component, SCR meets a cycle: it logs
 * "getService() resulted in a cycle" as an ERROR and leaves a reference unbound, or resolves
 * it by chance of ordering. The inbox and the action registry, the job queue and its
 * handlers, the loop action and the registry are such pairs.
 *
 * @param <S> the service type
 */
public final class ServiceOnDemand<S> {

    private final ComponentServiceObjects<S> objects;
    private volatile S service;
    private boolean released;

    public ServiceOnDemand(ComponentServiceObjects<S> objects) {
        this.objects = objects;
    }

    /**
     * The service, taken on the first call and kept until {@link #release()}.
     *
     * @throws IllegalStateException when it was released, or the framework no longer has it
     */
    public S get() {
        S s = service;
        if (s == null) {
            synchronized (this) {
                if (released) {
                    throw new IllegalStateException("the " + describe() + " went away");
                }
                s = service;
                if (s == null) {
                    s = objects.getService();
                    if (s == null) {
                        throw new IllegalStateException("the " + describe() + " is not available");
                    }
                    service = s;
                }
            }
        }
        return s;
    }

    /** The service if it was taken already, else {@code null}; never takes it. */
    public S ifTaken() {
        return service;
    }

    /** Whether this wraps the given service objects (as an unbind method receives them). */
    public boolean wraps(ComponentServiceObjects<S> other) {
        return objects == other;
    }

    /** Gives the service back (it was unbound, or the component is going away); later {@link #get()}s throw. */
    public synchronized void release() {
        released = true;
        if (service != null) {
            objects.ungetService(service);
            service = null;
        }
    }

    /** "service 42 (io.devrig.api.queue.JobHandler)", or "bound service" when the reference is gone. */
    public String describe() {
        ServiceReference<S> ref = objects.getServiceReference();
        if (ref == null) {
            return "bound service";
        }
        Object types = ref.getProperty(Constants.OBJECTCLASS);
        String type = types instanceof String[] names && names.length > 0 ? " (" + String.join(", ", names) + ")" : "";
        return "service " + ref.getProperty(Constants.SERVICE_ID) + type;
    }
}
