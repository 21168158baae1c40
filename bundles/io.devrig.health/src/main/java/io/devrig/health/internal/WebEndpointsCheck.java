package io.devrig.health.internal;

import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthResult;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code web} check: every HTTP whiteboard servlet of a DevRig bundle (plugins aside, as
 * in {@link DevRigBundlesCheck}) is served by the HTTP runtime, so {@code /hooks/*} cannot
 * silently answer 404 while the server says it is ready. It also repairs the Pax Web race
 * described in {@link WhiteboardWatch}: after a servlet appears, a round every
 * {@value #ROUND_MS} ms until all are served, with at most {@value #MAX_NUDGES} nudges.
 *
 * <p>The HTTP runtime is an optional (greedy) reference: where none is (the in-framework
 * tests) the check is UP and watches nothing; when one comes, SCR activates it again with it.
 */
@Component(service = HealthCheck.class)
public final class WebEndpointsCheck implements HealthCheck {

    static final long ROUND_MS = 2_000;
    static final int MAX_NUDGES = 5;
    /** The context that comes and goes to make the whiteboard resolve its elements again. */
    static final String NUDGE_CONTEXT = "devrig.whiteboard.nudge";
    private static final Logger LOG = LoggerFactory.getLogger(WebEndpointsCheck.class);

    private final BundleContext context;
    private final HttpServiceRuntime runtime;
    private final WhiteboardWatch watch;
    private final ServiceTracker<Object, Long> servlets;
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "devrig-web-watch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean roundDue = new AtomicBoolean();

    @Activate
    public WebEndpointsCheck(BundleContext context, @Reference(cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) HttpServiceRuntime runtime) throws InvalidSyntaxException {
        this.context = context;
        this.runtime = runtime;
        this.watch = new WhiteboardWatch(runtime == null ? RuntimeDTO::new : runtime::getRuntimeDTO, this::nudge, MAX_NUDGES);
        this.servlets = new ServiceTracker<>(context, context.createFilter("(&(" + Constants.OBJECTCLASS
                + "=javax.servlet.Servlet)(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=*))"), null) {
            @Override
            public Long addingService(ServiceReference<Object> reference) {
                if (reference.getBundle() == null || !DevRigBundlesCheck.isCore(reference.getBundle())) {
                    return null;
                }
                Long id = (Long) reference.getProperty(Constants.SERVICE_ID);
                Object name = reference.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME);
                watch.track(id, name != null ? name.toString()
                        : String.valueOf(reference.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN)));
                scheduleRound();
                return id;
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Long id) {
                watch.untrack(id);
            }
        };
        if (runtime != null) { // without one there is nothing to watch
            servlets.open();
        }
    }

    @Deactivate
    void deactivate() {
        servlets.close();
        rounds.shutdownNow();
    }

    @Override
    public String name() {
        return "web";
    }

    @Override
    public HealthResult check() {
        if (runtime == null) {
            return HealthResult.up("no HTTP runtime here: no endpoints to serve");
        }
        return result(watch.tracked(), watch.missing(), watch.nudges());
    }

    static HealthResult result(int endpoints, List<String> missing, int repairs) {
        HealthResult result = missing.isEmpty()
                ? HealthResult.up(endpoints + " DevRig HTTP endpoints served")
                : HealthResult.down("DevRig HTTP endpoints not served: " + String.join(", ", missing));
        return result.with("endpoints", endpoints).with("notServed", missing).with("repairs", repairs);
    }

    private void scheduleRound() {
        if (roundDue.compareAndSet(false, true)) {
            try {
                rounds.schedule(this::round, ROUND_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                roundDue.set(false); // deactivated
            }
        }
    }

    private void round() {
        roundDue.set(false);
        try {
            if (watch.round()) {
                scheduleRound();
                return;
            }
            List<String> left = watch.missing();
            if (!left.isEmpty()) {
                LOG.warn("DevRig HTTP endpoints still not served after {} repairs: {}", watch.nudges(), left);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not check which DevRig HTTP endpoints are served", e);
        }
    }

    private void nudge(List<String> missing) {
        LOG.info("DevRig HTTP endpoints not served ({}): asking the HTTP whiteboard to resolve its servlets again",
                missing);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME, NUDGE_CONTEXT);
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_PATH, "/" + NUDGE_CONTEXT);
        ServiceRegistration<ServletContextHelper> helper = context.registerService(ServletContextHelper.class,
                new ServletContextHelper(context.getBundle()) { }, props);
        helper.unregister();
    }
}
