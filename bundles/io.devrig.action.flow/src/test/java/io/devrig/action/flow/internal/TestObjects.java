package io.devrig.action.flow.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/** What SCR hands a component for a service it takes on demand; counts the gets. */
final class TestObjects<S> implements ComponentServiceObjects<S> {

    final S service;
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger ungets = new AtomicInteger();

    TestObjects(S service) {
        this.service = service;
    }

    @Override
    public S getService() {
        gets.incrementAndGet();
        return service;
    }

    @Override
    public void ungetService(S s) {
        ungets.incrementAndGet();
    }

    @Override
    public ServiceReference<S> getServiceReference() {
        return null;
    }
}
