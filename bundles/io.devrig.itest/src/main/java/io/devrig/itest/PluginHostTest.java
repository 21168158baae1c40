package io.devrig.itest;

import static io.devrig.itest.CoreBundlesTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.plugin.PluginState;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Plugins as bundles, in a real framework: the test plugins built in the reactor are
 * installed, approved, misbehave, are updated and uninstalled while the good one keeps
 * serving. Each test uses its own plugins; rows stay in the shared database.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class PluginHostTest {

    static final String GOOD = "io.devrig.itest.plugin.good";
    static final String ECHO = "(devrig.capability=action:itest.echo)";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    PluginAdmin admin;

    @InjectService(timeout = 10_000)
    PluginInvoker invoker;

    @InjectService(timeout = 10_000)
    io.devrig.api.health.HealthReporter health;

    final List<Bundle> installed = new ArrayList<>();

    @AfterEach
    void uninstallTestPlugins() throws Exception {
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
        refresh(installed);
    }

    Bundle install(String file) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/plugins/" + file + ".jar")) {
            assertThat(in).as("test plugin " + file + " is packed into the test bundle").isNotNull();
            Bundle bundle = context.installBundle("itest:" + file + ":" + System.nanoTime(), in);
            installed.add(bundle);
            return bundle;
        }
    }

    PluginInfo awaitState(String id, PluginState state) {
        try {
            waitFor(() -> admin.plugin(id).map(p -> p.state() == state).orElse(false), id + " " + state.wireName());
        } catch (AssertionError e) {
            // say where it got stuck
            throw new AssertionError(e.getMessage() + "; it is " + admin.plugin(id).map(p -> p.state() + " " + p.error())
                    .orElse("unknown") + ", bundle states " + installed.stream().filter(b -> id.equals(b.getSymbolicName()))
                    .map(Bundle::getState).toList(), e);
        }
        return admin.plugin(id).orElseThrow();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Collection<ServiceReference<Function>> echoes(String pluginId) throws Exception {
        return context.getServiceReferences(Function.class, ECHO).stream()
                .filter(r -> r.getBundle().getSymbolicName().equals(pluginId)).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    String callEcho(String pluginId, String input, Duration timeout) throws Exception {
        waitFor(() -> {
            try {
                return !echoes(pluginId).isEmpty();
            } catch (Exception e) {
                return false;
            }
        }, "the echo capability of " + pluginId);
        ServiceReference<Function> ref = echoes(pluginId).iterator().next();
        Function<String, String> echo = context.getService(ref);
        try {
            return invoker.invoke(pluginId, "action itest.echo", timeout, () -> echo.apply(input));
        } finally {
            context.ungetService(ref);
        }
    }

    @Test
    void theGoodPluginWaitsForApprovalServesAndIsReplacedWhileDevRigRuns() throws Exception {
        // other tests may have installed and granted it: purge what they left, to start as a new install
        if (admin.plugin(GOOD).isPresent()) {
            awaitState(GOOD, PluginState.INSTALLED);
            admin.purge(GOOD);
        }
        assertThat(admin.plugin(GOOD)).isEmpty();
        Bundle good = install("io.devrig.itest.plugin.good");
        askToStart(good);
        PluginInfo waiting = awaitState(GOOD, PluginState.AWAITING_APPROVAL);
        assertThat(waiting.pendingPermissions()).containsExactly("events:publish", "network");
        waitFor(() -> good.getState() == Bundle.INSTALLED, "the unapproved plugin is kept stopped and unresolved");
        assertThat(askToStart(good)).as("bundle:start cannot run an unapproved plugin's code").isFalse();
        assertThat(good.getState()).isEqualTo(Bundle.INSTALLED);
        assertThat(health.readiness().isUp()).as("a plugin waiting for approval does not make DevRig unready").isTrue();
        assertThat(echoes(GOOD)).as("no capability of an unapproved plugin is visible").isEmpty();

        PluginInfo active = admin.grant(GOOD);
        assertThat(active.state()).isEqualTo(PluginState.ACTIVE);
        assertThat(callEcho(GOOD, "ping", Duration.ofSeconds(5))).isEqualTo("v1:ping");
        java.util.concurrent.BlockingQueue<org.osgi.service.event.Event> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        org.osgi.framework.ServiceRegistration<?> listener = context.registerService(
                org.osgi.service.event.EventHandler.class, seen::add,
                new java.util.Hashtable<>(java.util.Map.of("event.topics", "devrig/plugin/*")));
        try {
            assertThat(callEcho(GOOD, "put:cursor=page-7", Duration.ofSeconds(5))).isEqualTo("v1:stored cursor");
            org.osgi.service.event.Event stored = seen.poll(10, TimeUnit.SECONDS);
            assertThat(stored).as("the plugin published on its own topic").isNotNull();
            assertThat(stored.getTopic()).isEqualTo("devrig/plugin/io_devrig_itest_plugin_good/stored");
            assertThat(stored.getProperty("key")).isEqualTo("cursor");
            assertThat(stored.getProperty("devrig.plugin")).isEqualTo(GOOD);
        } finally {
            listener.unregister();
        }

        // hot reload: replace v1 by v2 while DevRig runs
        WeakReference<ClassLoader> v1Loader = new WeakReference<>(v1ClassLoader());
        Object adminService = context.getServiceReference(PluginAdmin.class).getProperty("service.id");
        Object dbService = context.getServiceReference(io.devrig.api.store.Database.class).getProperty("service.id");
        try (InputStream v2 = getClass().getResourceAsStream("/plugins/io.devrig.itest.plugin.good.v2.jar")) {
            good.update(v2);
        }
        refresh(List.of(good));
        assertThat(callEcho(GOOD, "ping", Duration.ofSeconds(5))).as("the next call runs the new code").isEqualTo("v2:ping");
        assertThat(callEcho(GOOD, "get:cursor", Duration.ofSeconds(5))).as("storage survives the update")
                .isEqualTo("v2:\"page-7\"");
        assertThat(context.getServiceReference(PluginAdmin.class).getProperty("service.id"))
                .as("updating a plugin does not restart the plugin host").isEqualTo(adminService);
        assertThat(context.getServiceReference(io.devrig.api.store.Database.class).getProperty("service.id"))
                .as("nor the store").isEqualTo(dbService);
        PluginInfo updated = awaitState(GOOD, PluginState.ACTIVE);
        assertThat(updated.version()).isEqualTo("0.2.0");
        assertThat(updated.grantedPermissions()).as("grants survive the update").containsExactly("events:publish", "network");
        for (int i = 0; i < 20 && v1Loader.get() != null; i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertThat(v1Loader.get()).as("nothing keeps the old revision's class loader").isNull();

        good.uninstall();
        refresh(List.of(good));
        PluginInfo gone = awaitState(GOOD, PluginState.INSTALLED);
        assertThat(gone.grantedPermissions()).as("data and grants are kept after uninstall")
                .containsExactly("events:publish", "network");
    }

    private ClassLoader v1ClassLoader() throws Exception {
        @SuppressWarnings("rawtypes")
        ServiceReference<Function> ref = echoes(GOOD).iterator().next();
        try {
            return context.getService(ref).getClass().getClassLoader();
        } finally {
            context.ungetService(ref);
        }
    }

    /** Installs the good plugin (granting it if this framework has not yet) and checks it answers. */
    void goodPluginServing() throws Exception {
        Bundle good = install("io.devrig.itest.plugin.good");
        askToStart(good);
        waitFor(() -> admin.plugin(GOOD).map(p -> p.state() == PluginState.ACTIVE || p.state() == PluginState.AWAITING_APPROVAL)
                .orElse(false), "the good plugin to be judged");
        if (admin.plugin(GOOD).orElseThrow().state() == PluginState.AWAITING_APPROVAL) {
            admin.grant(GOOD);
        }
        assertThat(callEcho(GOOD, "ping", Duration.ofSeconds(5))).isEqualTo("v1:ping");
    }

    @Test
    void badPluginsAreRefusedWithTheReasonWhileAGoodOneServes() throws Exception {
        goodPluginServing();
        Bundle throwing = install("io.devrig.itest.plugin.throwing");
        askToStart(throwing);
        awaitState("io.devrig.itest.plugin.throwing", PluginState.ACTIVE);

        Bundle undeclared = install("io.devrig.itest.plugin.undeclared");
        PluginInfo undeclaredInfo = startRefused(undeclared);
        assertThat(undeclaredInfo.error()).contains("'action:itest.wipe_everything'", "does not declare", "not used");
        assertThat(context.getServiceReferences(Function.class, "(devrig.capability=action:itest.wipe_everything)"))
                .as("the undeclared capability was never visible").isEmpty();

        // an action executor without devrig.capability: refused loudly, not dropped with a warning
        Bundle quiet = install("io.devrig.itest.plugin.quiet");
        PluginInfo quietInfo = startRefused(quiet);
        assertThat(quietInfo.error()).contains("without the service property devrig.capability=<kind>:<id>",
                "(declared: action:itest.quiet)", "not used");
        assertThat(context.getServiceReferences(ActionExecutor.class, null)).as("never visible to a registry")
                .noneMatch(r -> r.getBundle() != null && r.getBundle().getBundleId() == quiet.getBundleId());

        Bundle invalid = install("io.devrig.itest.plugin.invalid");
        PluginInfo invalidInfo = startRefused(invalid);
        assertThat(invalidInfo.error()).contains("$.permissions[0]: does not have a value in the enumeration");
        waitFor(() -> invalid.getState() != Bundle.ACTIVE, "the invalid plugin is stopped");
        assertThat(echoes("io.devrig.itest.plugin.invalid")).isEmpty();

        Bundle future = install("io.devrig.itest.plugin.future");
        PluginInfo futureInfo = awaitState("io.devrig.itest.plugin.future", PluginState.ERROR);
        assertThat(futureInfo.error()).contains("needs a DevRig engine matching", "version>=2.0",
                "this DevRig provides engine 1.0.0");
        assertThat(future.getState()).isEqualTo(Bundle.INSTALLED);

        // the engine still serves a good plugin (the throwing one answers its errors properly)
        DevRigException failure = null;
        try {
            callEcho("io.devrig.itest.plugin.throwing", "x", Duration.ofSeconds(5));
        } catch (DevRigException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(failure.code()).isEqualTo(ErrorCodes.PLUGIN_ERROR);
        assertThat(failure.getMessage()).contains("the throwing test plugin always fails");
        assertThat(callEcho(GOOD, "still there?", Duration.ofSeconds(5))).isEqualTo("v1:still there?");
    }

    @Test
    void anSdkCallWithoutItsPermissionFailsNamingThePluginAndThePermission() throws Exception {
        Bundle noperm = install("io.devrig.itest.plugin.noperm");
        askToStart(noperm);
        awaitState("io.devrig.itest.plugin.noperm", PluginState.ACTIVE);
        assertThat(callEcho("io.devrig.itest.plugin.noperm", "x", Duration.ofSeconds(5))).isEqualTo(
                "PERMISSION_DENIED: plugin io.devrig.itest.plugin.noperm does not have the permission 'network' (granted: none)");
        // without events:subscribe its event handler is hidden from Event Admin
        org.osgi.service.event.EventAdmin events = context.getService(context.getServiceReference(org.osgi.service.event.EventAdmin.class));
        java.util.concurrent.atomic.AtomicInteger ours = new java.util.concurrent.atomic.AtomicInteger();
        org.osgi.framework.ServiceRegistration<?> listener = context.registerService(
                org.osgi.service.event.EventHandler.class, e -> ours.incrementAndGet(),
                new java.util.Hashtable<>(java.util.Map.of("event.topics", "devrig/*")));
        try {
            events.sendEvent(new org.osgi.service.event.Event("devrig/itest/ping", java.util.Map.of()));
            assertThat(ours.get()).as("a handler of a non-plugin bundle receives it").isEqualTo(1);
            assertThat(callEcho("io.devrig.itest.plugin.noperm", "events", Duration.ofSeconds(5))).isEqualTo("events:0");
        } finally {
            listener.unregister();
        }
    }

    @Test
    void hangingAndThrowingPluginsAreContainedByTheInvoker() throws Exception {
        goodPluginServing();
        Bundle hang = install("io.devrig.itest.plugin.hang");
        askToStart(hang);
        awaitState("io.devrig.itest.plugin.hang", PluginState.ACTIVE);
        Bundle throwing = install("io.devrig.itest.plugin.throwing");
        askToStart(throwing);
        awaitState("io.devrig.itest.plugin.throwing", PluginState.ACTIVE);

        long start = System.nanoTime();
        DevRigException timeout = expectFailure(() -> callEcho("io.devrig.itest.plugin.hang", "x", Duration.ofMillis(200)));
        assertThat(timeout.code()).isEqualTo(ErrorCodes.PLUGIN_TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        // at most 10 consecutive failures (fewer if another test already called it), then the breaker opens
        int errors = 0;
        DevRigException last = null;
        for (int i = 0; i < 11; i++) {
            last = expectFailure(() -> callEcho("io.devrig.itest.plugin.throwing", "x", Duration.ofSeconds(5)));
            if (!last.code().equals(ErrorCodes.PLUGIN_ERROR)) {
                break;
            }
            errors++;
        }
        assertThat(errors).isBetween(1, 10);
        DevRigException open = last;
        assertThat(open.code()).isEqualTo(ErrorCodes.PLUGIN_CIRCUIT_OPEN);
        assertThat(open.error().details()).containsKey("retryAfterMs");
        PluginInfo degraded = admin.plugin("io.devrig.itest.plugin.throwing").orElseThrow();
        assertThat(degraded.stats().breaker()).isEqualTo(PluginCallStats.BreakerState.OPEN);
        assertThat(degraded.stats().failureCount()).isGreaterThanOrEqualTo(10);
        assertThat(degraded.stats().lastError()).contains("always fails");
        // while one plugin hangs and another is cut off, the good one keeps serving
        assertThat(callEcho(GOOD, "ping", Duration.ofSeconds(5))).isEqualTo("v1:ping");
        assertThat(admin.plugin(GOOD).orElseThrow().stats().breaker()).isEqualTo(PluginCallStats.BreakerState.CLOSED);
    }

    @Test
    void aCallInFlightEndsWhenItsPluginIsUninstalled() throws Exception {
        Bundle hang = install("io.devrig.itest.plugin.hang");
        askToStart(hang);
        awaitState("io.devrig.itest.plugin.hang", PluginState.ACTIVE);
        java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(callEcho("io.devrig.itest.plugin.hang", "x", Duration.ofSeconds(60)));
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        caller.start();
        waitFor(() -> admin.plugin("io.devrig.itest.plugin.hang").map(p -> p.stats().executionCount() > 0).orElse(false),
                "the call started");
        long start = System.nanoTime();
        hang.uninstall();
        caller.join(15_000);
        assertThat(caller.isAlive()).as("the call in flight ended instead of hanging").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(outcome.get()).as("it completed (the plugin saw the interrupt) or failed cleanly")
                .satisfiesAnyOf(o -> assertThat(o).isEqualTo("interrupted"),
                        o -> assertThat(o).isInstanceOf(DevRigException.class));
    }

    @Test
    void theCatalogListsAndInstallsAPluginByName(
            @InjectService(timeout = 10_000) org.osgi.service.cm.ConfigurationAdmin configAdmin) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("devrig-catalog");
        try (InputStream jar = getClass().getResourceAsStream("/plugins/io.devrig.itest.plugin.noperm.jar")) {
            java.nio.file.Files.copy(jar, dir.resolve("noperm.jar"));
        }
        java.nio.file.Files.writeString(dir.resolve("catalog.json"), """
                {"catalogVersion": 1, "plugins": [
                  {"name": "io.devrig.itest.plugin.noperm", "version": "0.1.0", "displayName": "No-permission test plugin",
                   "description": "calls the SDK without permissions", "category": "testing", "tags": ["itest", "sdk"],
                   "permissions": [], "location": "file:noperm.jar"}]}
                """);
        org.osgi.service.cm.Configuration config = configAdmin.getConfiguration("io.devrig.catalog", "?");
        config.update(new java.util.Hashtable<>(java.util.Map.of("indexes", dir.resolve("catalog.json").toString())));
        try {
            // a new configuration re-creates the catalog component: look the service up afresh
            waitFor(() -> currentCatalog().search("sdk", null, null).size() == 1, "the catalog reads the index");
            io.devrig.api.plugin.PluginCatalog catalog = currentCatalog();
            assertThat(catalog.search(null, "itest", "testing")).singleElement()
                    .satisfies(e -> assertThat(e.installed()).isFalse());
            assertThat(catalog.search("nothing-like-this", null, null)).isEmpty();

            io.devrig.api.plugin.CatalogEntry entry = catalog.install("io.devrig.itest.plugin.noperm");
            List.of(context.getBundles()).stream().filter(b -> b.getSymbolicName().equals("io.devrig.itest.plugin.noperm"))
                    .forEach(installed::add);
            assertThat(entry.installed()).isTrue();
            awaitState("io.devrig.itest.plugin.noperm", PluginState.ACTIVE);
            assertThat(catalog.search("sdk", null, null).get(0).installed()).isTrue();
            DevRigException again = expectFailure(() -> catalog.install("io.devrig.itest.plugin.noperm"));
            assertThat(again.code()).isEqualTo(ErrorCodes.CONFLICT);
            assertThat(expectFailure(() -> catalog.install("no.such.plugin")).code()).isEqualTo(ErrorCodes.NOT_FOUND);
        } finally {
            config.delete();
        }
    }

    private io.devrig.api.plugin.PluginCatalog currentCatalog() {
        ServiceReference<io.devrig.api.plugin.PluginCatalog> ref = context.getServiceReference(io.devrig.api.plugin.PluginCatalog.class);
        return ref == null ? null : context.getService(ref);
    }

    @Test
    void disablingStopsThePluginAndSurvivesReevaluation() throws Exception {
        Bundle hang = install("io.devrig.itest.plugin.hang");
        askToStart(hang);
        awaitState("io.devrig.itest.plugin.hang", PluginState.ACTIVE);
        assertThat(admin.disable("io.devrig.itest.plugin.hang").state()).isEqualTo(PluginState.DISABLED);
        waitFor(() -> hang.getState() == Bundle.INSTALLED, "disabled plugin stopped and unresolved");
        assertThat(echoes("io.devrig.itest.plugin.hang")).isEmpty();
        // someone starts it by hand, or refreshes it: the guard does not let it resolve
        assertThat(askToStart(hang)).isFalse();
        refresh(List.of(hang));
        assertThat(hang.getState()).isEqualTo(Bundle.INSTALLED);
        assertThat(admin.plugin("io.devrig.itest.plugin.hang").orElseThrow().state()).isEqualTo(PluginState.DISABLED);
        assertThat(admin.enable("io.devrig.itest.plugin.hang").state()).isEqualTo(PluginState.ACTIVE);
        waitFor(() -> hang.getState() == Bundle.ACTIVE, "enabled plugin started");
        DevRigException unknown = expectFailure(() -> admin.grant("no.such.plugin"));
        assertThat(unknown.code()).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    @Test
    void noCodeOfAnUnapprovedPluginRunsWhateverIsDoneToItsBundle() throws Exception {
        String mark = "io.devrig.itest.plugin.unapproved.ran";
        System.clearProperty(mark);
        Bundle marker = install("io.devrig.itest.plugin.unapproved");
        assertThat(askToStart(marker)).as("bundle:start before approval").isFalse();
        awaitState("io.devrig.itest.plugin.unapproved", PluginState.AWAITING_APPROVAL);
        refresh(List.of(marker));
        assertThat(askToStart(marker)).as("bundle:start after a refresh").isFalse();
        assertThat(marker.getState()).as("never resolved, so no class of it could load").isEqualTo(Bundle.INSTALLED);
        assertThat(System.getProperty(mark)).as("its code never ran").isNull();

        admin.grant("io.devrig.itest.plugin.unapproved");
        waitFor(() -> "activated".equals(System.getProperty(mark)), "the approved plugin's component activated");
        assertThat(marker.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void aPluginSeesOnlyItsOwnServicesAndTheSdk() throws Exception {
        // a core service (not the SDK) and another plugin's capability, both there for everyone else
        org.osgi.framework.ServiceRegistration<?> core = context.registerService(java.util.function.Supplier.class,
                () -> "core", null);
        try {
            Bundle other = install("io.devrig.itest.plugin.noperm");
            askToStart(other);
            awaitState("io.devrig.itest.plugin.noperm", PluginState.ACTIVE);
            waitFor(() -> {
                try {
                    return !echoes("io.devrig.itest.plugin.noperm").isEmpty();
                } catch (Exception e) {
                    return false;
                }
            }, "the other plugin's capability");
            assertThat(context.getServiceReference(io.devrig.api.secrets.SecretVault.class)).as("the vault is there").isNotNull();
            assertThat(context.getServiceReference(io.devrig.api.http.OutboundHttp.class)).isNotNull();
            assertThat(context.getServiceReference(org.osgi.service.event.EventAdmin.class)).isNotNull();

            Bundle reach = install("io.devrig.itest.plugin.reach");
            askToStart(reach);
            awaitState("io.devrig.itest.plugin.reach", PluginState.ACTIVE);
            assertThat(call("io.devrig.itest.plugin.reach", "(devrig.capability=action:itest.reach)", "x"))
                    .as("only the SDK reaches the plugin; core and other plugins' services stay out of sight")
                    .isEqualTo("vault=false,http=false,events=false,suppliers=0,functions=0,storage=true");
        } finally {
            core.unregister();
        }
    }

    @Test
    void servicesAPluginDidNotDeclareAreHiddenFromEveryoneAndNamedInItsError() throws Exception {
        List<ServiceReference<?>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<org.osgi.util.tracker.ServiceTracker<?, ?>> trackers = new ArrayList<>();
        for (String type : List.of(io.devrig.api.action.ActionHook.class.getName(), "javax.servlet.Servlet",
                "javax.servlet.Filter")) {
            org.osgi.util.tracker.ServiceTracker<Object, Object> tracker = new org.osgi.util.tracker.ServiceTracker<>(
                    context, type, null) {
                @Override
                public Object addingService(ServiceReference<Object> reference) {
                    seen.add(reference);
                    return reference;
                }
            };
            tracker.open(true);
            trackers.add(tracker);
        }
        try {
            Bundle sneaky = install("io.devrig.itest.plugin.sneaky");
            PluginInfo info = startRefused(sneaky);
            assertThat(info.error()).containsAnyOf("[io.devrig.api.action.ActionHook]", "[javax.servlet.Servlet]",
                    "[javax.servlet.Filter]").contains("without the service property devrig.capability", "not used");
            assertThat(seen).as("no consumer ever saw them").noneMatch(r -> r.getBundle() != null
                    && "io.devrig.itest.plugin.sneaky".equals(r.getBundle().getSymbolicName()));
            waitFor(() -> sneaky.getState() == Bundle.INSTALLED, "the refused plugin is stopped and unresolved");
        } finally {
            trackers.forEach(org.osgi.util.tracker.ServiceTracker::close);
        }
    }

    @Test
    void aDeclaredPluginHookThatBlocksIsTimeLimitedAndTheActionCompletes(
            @InjectService(timeout = 10_000) io.devrig.api.action.ActionRegistry actions) throws Exception {
        Bundle hook = install("io.devrig.itest.plugin.hook");
        askToStart(hook);
        PluginInfo info = awaitState("io.devrig.itest.plugin.hook", PluginState.ACTIVE);
        assertThat(info.capabilities()).containsExactly("hook:itest.block");
        waitFor(() -> {
            try {
                return context.getServiceReferences(io.devrig.api.action.ActionHook.class,
                        "(devrig.capability=hook:itest.block)").size() == 1;
            } catch (Exception e) {
                return false;
            }
        }, "the declared hook, visible to the action registry");
        java.util.Map<String, Object> config = java.util.Map.of("source", java.util.Map.of("itest.block", true),
                "template", "done");
        io.devrig.api.action.ActionOutcome outcome = actions.execute(new io.devrig.api.action.ActionInvocation(
                "data.transform", config, java.util.Map.of(), new ItestContext(), Duration.ofSeconds(60)));
        assertThat(outcome.succeeded()).as("the blocking hook did not hold up or fail the action").isTrue();
        PluginInfo after = admin.plugin("io.devrig.itest.plugin.hook").orElseThrow();
        assertThat(after.stats().lastError()).as("the hook call was cut off by its time limit").contains("PLUGIN_TIMEOUT");
    }

    /** The least an action call needs. */
    static final class ItestContext implements io.devrig.api.action.ActionContext {
        @Override public String runId() { return "itest-run"; }
        @Override public String workflowId() { return "itest-workflow"; }
        @Override public String nodeId() { return "itest-node"; }
        @Override public String correlationId() { return "itest"; }
        @Override public int attempt() { return 1; }
        @Override public String idempotencyKey() { return "itest-" + System.nanoTime(); }
        @Override public boolean dryRun() { return false; }
        @Override public java.time.Instant deadline() { return java.time.Instant.now().plusSeconds(60); }
        @Override public boolean cancelled() { return false; }
        @Override public void log(io.devrig.api.action.ActionContext.LogLevel level, String message) { }
    }

    @Test
    void aPluginWhoseComponentFailsIsInErrorWithTheFirstLineOfTheFailure() throws Exception {
        Bundle boom = install("io.devrig.itest.plugin.activatefail");
        PluginInfo failed = startRefused(boom);
        assertThat(failed.error()).startsWith("component io.devrig.itest.plugin.activatefail.Boom failed to activate: ")
                .contains("boom: the settings are wrong").doesNotContain("second line");
        waitFor(() -> boom.getState() == Bundle.INSTALLED, "the failed plugin is stopped and unresolved");
        io.devrig.api.health.HealthReport report = health.readiness();
        assertThat(report.isUp()).as("a plugin in error is its own problem, not DevRig's").isTrue();
        assertThat(report.checks()).as("but the readiness report lists it").anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("plugins");
            assertThat(c.message()).contains("in error: ", "io.devrig.itest.plugin.activatefail");
        });

        // a mandatory reference to the vault: hidden from plugins, so the component never activates
        Bundle vault = install("io.devrig.itest.plugin.vaultref");
        PluginInfo unsatisfied = startRefused(vault);
        assertThat(unsatisfied.error()).contains("component io.devrig.itest.plugin.vaultref.VaultUser cannot start",
                "(io.devrig.api.secrets.SecretVault)", "a plugin sees only its own services and the plugin SDK");
    }

    @Test
    void threadsAPluginLeavesBehindAreReportedAfterItIsUninstalled() throws Exception {
        Bundle leak = install("io.devrig.itest.plugin.leak");
        askToStart(leak);
        awaitState("io.devrig.itest.plugin.leak", PluginState.ACTIVE);
        waitFor(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("itest-leaked-worker")),
                "the plugin's worker thread");
        assertThat(admin.plugin("io.devrig.itest.plugin.leak").orElseThrow().notices()).isEmpty();
        leak.uninstall();
        refresh(List.of(leak));
        waitFor(() -> admin.plugin("io.devrig.itest.plugin.leak").map(p -> !p.notices().isEmpty()).orElse(false),
                "a notice about the leaked thread");
        assertThat(admin.plugin("io.devrig.itest.plugin.leak").orElseThrow().notices()).anySatisfy(n -> assertThat(n)
                .contains("after its bundle", "thread 'itest-leaked-worker' (non-daemon)",
                        "io.devrig.itest.plugin.leak.Leaky"));
    }

    @Test
    void aDeclaredPageIsServedOnlyByTheHostBehindAuthentication() throws Exception {
        List<ServiceReference<?>> whiteboard = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.osgi.util.tracker.ServiceTracker<Object, Object> servlets = new org.osgi.util.tracker.ServiceTracker<>(
                context, "javax.servlet.Servlet", null) {
            @Override
            public Object addingService(ServiceReference<Object> reference) {
                whiteboard.add(reference);
                return reference;
            }
        };
        servlets.open(true);
        try {
            Bundle page = install("io.devrig.itest.plugin.page");
            askToStart(page);
            PluginInfo info = awaitState("io.devrig.itest.plugin.page", PluginState.ACTIVE);
            assertThat(info.capabilities()).containsExactly("page:itest.board");
            waitFor(() -> page.getRegisteredServices() != null, "the page servlet is registered");
            assertThat(whiteboard).as("the HTTP whiteboard (like any other bundle) never sees a plugin's page")
                    .noneMatch(r -> r.getBundle() != null && r.getBundle().getBundleId() == page.getBundleId());

            ServiceReference<?> host = whiteboard.stream()
                    .filter(r -> "devrig-plugin-pages".equals(r.getProperty("osgi.http.whiteboard.servlet.name")))
                    .findFirst().orElseThrow();
            assertThat(host.getProperty("osgi.http.whiteboard.servlet.pattern")).isEqualTo("/devrig/plugins/*");
            javax.servlet.Servlet pages = (javax.servlet.Servlet) context.getService(host);
            try {
                int[] status = {200};
                javax.servlet.http.HttpServletResponse response = (javax.servlet.http.HttpServletResponse)
                        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {javax.servlet.http.HttpServletResponse.class}, (p, m, a) -> {
                                    if (m.getName().equals("sendError")) {
                                        status[0] = (Integer) a[0];
                                    }
                                    return m.getReturnType() == boolean.class ? false : null;
                                });
                javax.servlet.http.HttpServletRequest request = (javax.servlet.http.HttpServletRequest)
                        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {javax.servlet.http.HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                                    case "getPathInfo" -> "/io.devrig.itest.plugin.page/itest.board/x";
                                    case "getMethod" -> "GET";
                                    default -> null;
                                });
                pages.service(request, response);
                assertThat(status[0]).as("no credentials, no page").isEqualTo(401);
                assertThat(admin.plugin("io.devrig.itest.plugin.page").orElseThrow().stats().executionCount())
                        .as("the plugin's code did not run").isZero();
            } finally {
                context.ungetService(host);
            }
        } finally {
            servlets.close();
        }
    }

    /** Calls a plugin's Function capability through the invoker. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    String call(String pluginId, String filter, String input) throws Exception {
        waitFor(() -> {
            try {
                return context.getServiceReferences(Function.class, filter).stream()
                        .anyMatch(r -> r.getBundle().getSymbolicName().equals(pluginId));
            } catch (Exception e) {
                return false;
            }
        }, filter + " of " + pluginId);
        ServiceReference<Function> ref = context.getServiceReferences(Function.class, filter).stream()
                .filter(r -> r.getBundle().getSymbolicName().equals(pluginId)).findFirst().orElseThrow();
        Function<String, String> f = context.getService(ref);
        try {
            return invoker.invoke(pluginId, "itest call", Duration.ofSeconds(5), () -> f.apply(input));
        } finally {
            context.ungetService(ref);
        }
    }

    /**
     * Asks for the bundle to run, as {@code bundle:start} does: sets its autostart setting, and
     * starts it if the guard lets it resolve. False when it could not resolve (not admitted yet;
     * the host starts it once the plugin is active).
     */
    static boolean askToStart(Bundle bundle) throws org.osgi.framework.BundleException {
        try {
            bundle.start();
            return true;
        } catch (org.osgi.framework.BundleException e) {
            if (e.getType() != org.osgi.framework.BundleException.RESOLVE_ERROR) {
                throw e;
            }
            return false;
        }
    }

    /** Asks the plugin's bundle to run and waits until the host put the plugin in error. */
    PluginInfo startRefused(Bundle bundle) throws Exception {
        askToStart(bundle);
        return awaitState(bundle.getSymbolicName(), PluginState.ERROR);
    }

    interface Failing {
        Object run() throws Exception;
    }

    static DevRigException expectFailure(Failing call) throws Exception {
        try {
            call.run();
        } catch (DevRigException e) {
            return e;
        }
        throw new AssertionError("expected a DevRigException");
    }

    void refresh(Collection<Bundle> bundles) throws InterruptedException {
        if (bundles.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(Set.copyOf(bundles), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertThat(done.await(30, TimeUnit.SECONDS)).as("bundles refreshed").isTrue();
    }
}
