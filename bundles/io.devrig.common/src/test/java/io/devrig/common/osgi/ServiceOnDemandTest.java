package io.devrig.common.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

class ServiceOnDemandTest {

    /** What SCR hands a component for a bound service; counts gets and ungets. */
    static class Objects implements ComponentServiceObjects<Runnable> {
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger ungets = new AtomicInteger();
        volatile Runnable service = () -> { };

        @Override public Runnable getService() {
            gets.incrementAndGet();
            return service;
        }

        @Override public void ungetService(Runnable s) {
            ungets.incrementAndGet();
        }

        @Override public ServiceReference<Runnable> getServiceReference() {
            return null;
        }
    }

    private final Objects objects = new Objects();
    private final ServiceOnDemand<Runnable> onDemand = new ServiceOnDemand<>(objects);

    @Test
    void nothingIsTakenUntilTheFirstUseAndThenOnlyOnce() {
        assertThat(onDemand.ifTaken()).isNull();
        assertThat(objects.gets).hasValue(0);

        Runnable first = onDemand.get();
        assertThat(onDemand.get()).isSameAs(first);
        assertThat(onDemand.ifTaken()).isSameAs(first);
        assertThat(objects.gets).hasValue(1);
    }

    @Test
    void concurrentFirstUsesTakeItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Runnable>> got = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                got.add(pool.submit(() -> {
                    go.await();
                    return onDemand.get();
                }));
            }
            go.countDown();
            for (Future<Runnable> f : got) {
                assertThat(f.get()).isSameAs(objects.service);
            }
            assertThat(objects.gets).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void releaseGivesItBackOnceAndLaterUsesSayItWentAway() {
        onDemand.get();
        onDemand.release();
        onDemand.release();

        assertThat(objects.ungets).hasValue(1);
        assertThat(onDemand.ifTaken()).isNull();
        assertThatThrownBy(onDemand::get).isInstanceOf(IllegalStateException.class)
                .hasMessage("the bound service went away");
        assertThat(objects.gets).as("not taken again after release").hasValue(1);
    }

    @Test
    void releasingWhatWasNeverTakenGivesNothingBack() {
        onDemand.release();
        assertThat(objects.ungets).hasValue(0);
    }

    @Test
    void aServiceTheFrameworkNoLongerHasIsNotAvailableAndIsAskedForAgainLater() {
        objects.service = null;
        assertThatThrownBy(onDemand::get).isInstanceOf(IllegalStateException.class)
                .hasMessage("the bound service is not available");

        objects.service = () -> { };
        assertThat(onDemand.get()).isSameAs(objects.service);
        assertThat(objects.gets).hasValue(2);
    }

    @Test
    void itDescribesTheServiceByIdAndType() {
        @SuppressWarnings("unchecked")
        ServiceReference<Runnable> ref = (ServiceReference<Runnable>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> switch ((String) a[0]) {
                        case "service.id" -> 42L;
                        case "objectClass" -> new String[] {"java.lang.Runnable"};
                        default -> null;
                    };
                    default -> null;
                });
        Objects referenced = new Objects() {
            @Override public ServiceReference<Runnable> getServiceReference() {
                return ref;
            }
        };
        referenced.service = null;
        ServiceOnDemand<Runnable> gone = new ServiceOnDemand<>(referenced);

        assertThat(gone.describe()).isEqualTo("service 42 (java.lang.Runnable)");
        assertThatThrownBy(gone::get).hasMessage("the service 42 (java.lang.Runnable) is not available");
    }

    @Test
    void itKnowsTheServiceObjectsItWraps() {
        assertThat(onDemand.wraps(objects)).isTrue();
        assertThat(onDemand.wraps(new Objects())).isFalse();
    }
}
