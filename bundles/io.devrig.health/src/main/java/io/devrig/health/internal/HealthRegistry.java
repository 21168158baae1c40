package io.devrig.health.internal;

import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthReport;
import io.devrig.api.health.HealthReporter;
import io.devrig.api.health.HealthResult;
import io.devrig.api.health.HealthStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Runs every registered {@link HealthCheck} (in parallel, each under a time limit)
 * and reports DOWN for a check that throws, times out, or is required but not
 * registered. Checks come and go with their bundles (dynamic whiteboard).
 */
@Component(service = HealthReporter.class, configurationPid = "io.devrig.health")
@Designate(ocd = HealthConfig.class)
public final class HealthRegistry implements HealthReporter {

    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private volatile Set<String> required;
    private volatile long timeoutMs;

    @Activate
    public HealthRegistry(HealthConfig config) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "devrig-health-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        modified(config);
    }

    @Modified
    void modified(HealthConfig config) {
        this.required = Set.of(config.requiredChecks());
        this.timeoutMs = Math.max(1, config.checkTimeoutMs());
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(HealthCheck check) {
        checks.add(check);
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
    }

    @Override
    public HealthReport readiness() {
        List<HealthCheck> current = List.copyOf(checks);
        List<Future<HealthResult>> futures = new ArrayList<>();
        for (HealthCheck check : current) {
            futures.add(executor.submit(check::check));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Map<String, HealthReport.Check> byName = new LinkedHashMap<>();
        for (int i = 0; i < current.size(); i++) {
            String name = safeName(current.get(i));
            HealthResult result = await(futures.get(i), deadline);
            HealthReport.Check entry = new HealthReport.Check(name, result.status(), result.message(), result.details());
            // two checks with one name: the report keeps the worse
            byName.merge(name, entry, (a, b) -> a.status() == HealthStatus.DOWN ? a : b);
        }
        for (String name : required) {
            byName.computeIfAbsent(name, n -> new HealthReport.Check(n, HealthStatus.DOWN,
                    "required check is not registered (is the bundle that provides it active?)", Map.of()));
        }
        List<HealthReport.Check> sorted = new ArrayList<>(byName.values());
        sorted.sort(Comparator.comparing(HealthReport.Check::name));
        return HealthReport.of(sorted);
    }

    private HealthResult await(Future<HealthResult> future, long deadline) {
        try {
            HealthResult result = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return result == null ? HealthResult.down("check returned nothing") : result;
        } catch (TimeoutException e) {
            future.cancel(true);
            return HealthResult.down("check did not answer within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthResult.down("interrupted");
        } catch (Exception e) {
            // the exception's message could carry anything; report only its type
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return HealthResult.down("check failed: " + cause.getClass().getName());
        }
    }

    private static String safeName(HealthCheck check) {
        try {
            String name = check.name();
            return name == null || name.isBlank() ? check.getClass().getName() : name;
        } catch (RuntimeException e) {
            return check.getClass().getName();
        }
    }
}
