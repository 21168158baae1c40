package io.devrig.camel;

import io.devrig.api.routes.ContextInfo;
import io.devrig.api.routes.Routes;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The DevRig Camel runtime, an OSGi service of the {@code io.devrig.camel} bundle. Each adapter
 * bundle asks it for its own context in its DS component's activate method and closes that
 * context in deactivate:
 *
 * <pre>{@code
 * @Component
 * public class CronRoutes {
 *     private final OwnedCamelContext camel;
 *
 *     @Activate
 *     public CronRoutes(@Reference CamelRuntime runtime) throws Exception {
 *         camel = runtime.start("devrig-cron", context -> {
 *             context.addComponent("quartz", new QuartzComponent());
 *             context.addRoutes(new RouteBuilder() { ... });
 *         });
 *     }
 *
 *     @Deactivate
 *     void deactivate() {
 *         camel.close();
 *     }
 * }
 * }</pre>
 *
 * <p>The runtime lists the contexts it started, with their routes, for {@code devrig:routes}.
 */
@ProviderType
public interface CamelRuntime extends Routes {

    /**
     * Creates a context named {@code name}, lets {@code setup} add components and routes, starts
     * it and lists it. If {@code setup} or the start fails, the context is stopped again and the
     * failure is thrown; nothing stays listed.
     *
     * @param name unique among the running contexts; shown by the shell and in Camel's thread names
     * @throws IllegalStateException when a context of that name is already running
     */
    OwnedCamelContext start(String name, CamelSetup setup) throws Exception;

    /** The running contexts and their routes, sorted by context name then route id. */
    List<ContextInfo> contexts();
}
