package io.devrig.http.internal;

import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthResult;
import io.devrig.api.http.OutboundHttp;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the outbound HTTP client with the settings of PID {@code io.devrig.http} (it starts
 * on its first request, off the server's start path), publishes
 * it as {@link OutboundHttp} and reports it as the {@code outbound-http} health check. With
 * an invalid configuration (a bad allow-list entry, a negative timeout) nothing is published
 * (fail closed: no client with a policy other than the admin meant) and the health check
 * names the problem. A configuration change restarts the component, and with it the client
 * and its connection pool.
 */
// OutboundHttp is registered by hand (only when the configuration is valid): declare it for resolvers
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.devrig.api.http.OutboundHttp",
        uses = OutboundHttp.class)
@Component(immediate = true, service = HealthCheck.class, configurationPid = "io.devrig.http")
@Designate(ocd = HttpConfig.class)
public final class OutboundHttpComponent implements HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundHttpComponent.class);

    private final JettyOutboundHttp client;
    private final ServiceRegistration<OutboundHttp> registration;
    private final String failure;

    @Activate
    public OutboundHttpComponent(BundleContext context, HttpConfig config) {
        this(context, config, HostResolver.system());
    }

    OutboundHttpComponent(BundleContext context, HttpConfig config, HostResolver resolver) {
        JettyOutboundHttp started = null;
        ServiceRegistration<OutboundHttp> registered = null;
        String problem = null;
        try {
            HttpSettings settings = HttpSettings.from(config);
            // the Jetty client itself starts on the first request (see JettyOutboundHttp.start)
            started = new JettyOutboundHttp(settings, resolver);
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(Constants.SERVICE_DESCRIPTION, "DevRig outbound HTTP with destination policy");
            registered = context.registerService(OutboundHttp.class, started, properties);
            LOG.info("Outbound HTTP ready; {} allow-list entries {}", settings.allowList().size(),
                    settings.allowList());
        } catch (IllegalArgumentException | IllegalStateException e) {
            problem = e.getMessage();
            LOG.error("Outbound HTTP is not available: {}", problem);
            if (started != null) {
                stopQuietly(started);
                started = null;
            }
        }
        this.client = started;
        this.registration = registered;
        this.failure = problem;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping this bundle and already removed it
            }
        }
        if (client != null) {
            stopQuietly(client);
        }
    }

    private static void stopQuietly(JettyOutboundHttp client) {
        try {
            client.close();
        } catch (IllegalStateException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    @Override
    public String name() {
        return "outbound-http";
    }

    @Override
    public HealthResult check() {
        if (client == null) {
            return HealthResult.down("outbound HTTP not started: " + failure);
        }
        if (!client.isRunning()) {
            return HealthResult.down("outbound HTTP client stopped");
        }
        HttpSettings s = client.settings();
        return HealthResult.up(client.started() ? "client started" : "client ready, starts on the first request")
                .with("allowListEntries", s.allowList().size())
                .with("connectTimeoutMs", s.connectTimeout().toMillis())
                .with("requestTimeoutMs", s.requestTimeout().toMillis())
                .with("maxRedirects", s.maxRedirects())
                .with("maxResponseBytes", s.maxResponseBytes());
    }
}
