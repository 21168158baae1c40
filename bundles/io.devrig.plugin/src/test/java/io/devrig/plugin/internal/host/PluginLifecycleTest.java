package io.devrig.plugin.internal.host;

import io.devrig.plugin.guard.PreApprovals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginState;
import io.devrig.api.plugin.data.PluginDataOwner;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.MigrationCatalog;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.internal.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLifecycleTest {

    @TempDir
    Path dir;
    SqliteDatabase db;
    PluginLifecycle lifecycle;

    /** The guard as the lifecycle sees it: who is admitted, with which grants. */
    static final class FakeGuard implements Admission {
        final Map<String, java.util.Set<String>> admitted = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override public void admit(String pluginId, java.util.Set<String> granted) {
            admitted.put(pluginId, java.util.Set.copyOf(granted));
            calls.add("admit " + pluginId + " " + new java.util.TreeSet<>(granted));
        }

        @Override public void bar(String pluginId) {
            admitted.remove(pluginId);
            calls.add("bar " + pluginId);
        }
    }

    static final ThreadLocal<FakeGuard> SHARED_GUARD = new ThreadLocal<>();
    final FakeGuard guard = new FakeGuard();

    /** A plugin bundle in memory. */
    static final class FakeBundle implements PluginBundle {
        final long id;
        final String name;
        String version = "1.0.0";
        long lastModified = 1;
        boolean running = true;
        String resolutionProblem;
        final Map<String, byte[]> files = new HashMap<>();
        int starts;
        int stops;

        FakeBundle(long id, String name, String descriptor) {
            this(id, name, descriptor, SHARED_GUARD.get());
        }

        FakeBundle(long id, String name, String descriptor, FakeGuard guard) {
            this.guard = guard;
            this.id = id;
            this.name = name;
            descriptor(descriptor);
        }

        FakeBundle descriptor(String json) {
            files.put("OSGI-INF/devrig/plugin.json", json.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        @Override public long bundleId() { return id; }
        @Override public String symbolicName() { return name; }
        @Override public String version() { return version; }
        @Override public String location() { return "mvn:test/" + name + "/" + version; }
        @Override public long lastModified() { return lastModified; }
        @Override public String descriptorLocation() { return "OSGI-INF/devrig/plugin.json"; }
        @Override public Optional<byte[]> entry(String path) { return Optional.ofNullable(files.get(path)); }
        @Override public String resolutionProblem() { return resolutionProblem; }
        @Override public boolean running() { return running; }
        /** The framework steps below the bundle's level while the host starts it (Karaf stopping). */
        boolean levelDropsAtStart;
        @Override public void startTransient() throws org.osgi.framework.BundleException {
            if (levelDropsAtStart) {
                levelDropsAtStart = false;
                levelReached = false;
                throw new org.osgi.framework.BundleException("Cannot start bundle " + name + " because its start level "
                        + "is 90, which is greater than the framework's start level of 80.");
            }
            // as the framework with the guard's resolver hook: an unadmitted plugin cannot resolve
            if (!resolved && !guard.admitted.containsKey(name)) {
                throw new IllegalStateException("Unable to resolve " + name + ": not admitted");
            }
            resolved = true;
            running = true;
            starts++;
        }
        @Override public void stopTransient() { running = false; stops++; }
        boolean persistentlyStarted = true;
        boolean resolved = true;
        int refreshes;
        String wiringProblem;
        final FakeGuard guard;
        @Override public boolean persistentlyStarted() { return persistentlyStarted; }
        /** False while the framework is below the bundle's start level (starting up, or stepping down to stop). */
        boolean levelReached = true;
        @Override public boolean startLevelReached() { return levelReached; }
        @Override public boolean resolved() { return resolved || running; }
        @Override public void refresh() {
            refreshes++;
            if (!running) {
                resolved = false;
            }
        }
        @Override public String wiringProblem() { return wiringProblem; }
        /** Services the host's hooks guard were registered (and so hidden) before the first judgement. */
        boolean guardedServices;
        @Override public boolean hasGuardedServices() { return guardedServices; }
    }

    static String descriptor(String name, String version, String permissions, String actions) {
        return "{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"displayName\":\"" + name + "\","
                + "\"category\":\"test\",\"permissions\":[" + permissions + "],"
                + "\"capabilities\":{\"actions\":[" + actions + "]}}";
    }

    static String action(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\"}";
    }

    @BeforeEach
    void setUp() {
        SHARED_GUARD.set(guard);
        db = SqliteDatabase.open(StoreSettings.defaults(dir.resolve("devrig.db")),
                MigrationCatalog.load(getClass().getClassLoader(), MigrationCatalog.DEFAULT_FOLDER), DevRigClock.system());
        lifecycle = newLifecycle();
    }

    /** What the fake invoker reports per plugin. */
    final Map<String, PluginCallStats> live = new HashMap<>();

    PluginLifecycle newLifecycle() {
        return new PluginLifecycle(new PluginRecords(db, DevRigClock.system()),
                id -> live.getOrDefault(id, new PluginCallStats(id, 0, 0, null, null, PluginCallStats.BreakerState.CLOSED, 0)),
                guard);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    PluginInfo info(String id) {
        return lifecycle.plugin(id).orElseThrow();
    }

    @Test
    void aPluginThatAsksForNothingIsActiveAtOnceAndKeepsRunning() {
        FakeBundle good = new FakeBundle(10, "test.good", descriptor("test.good", "1.0.0", "", action("test.echo")));
        lifecycle.bundleChanged(good);
        PluginInfo info = info("test.good");
        assertThat(info.state()).isEqualTo(PluginState.ACTIVE);
        assertThat(info.capabilities()).containsExactly("action:test.echo");
        assertThat(info.category()).isEqualTo("test");
        assertThat(good.running).isTrue();
        assertThat(good.stops).isZero();
        assertThat(lifecycle.visible(10, "action:test.echo")).isTrue();
    }

    @Test
    void permissionsWaitForAnAdminAndGrantsSurviveARestart() {
        FakeBundle net = new FakeBundle(11, "test.net", descriptor("test.net", "1.0.0", "\"network\"", action("test.fetch")));
        lifecycle.bundleChanged(net);
        assertThat(info("test.net").state()).isEqualTo(PluginState.AWAITING_APPROVAL);
        assertThat(info("test.net").pendingPermissions()).containsExactly("network");
        assertThat(net.running).as("unapproved code is kept stopped").isFalse();
        assertThat(lifecycle.visible(11, "action:test.fetch")).isFalse();

        PluginInfo granted = lifecycle.grant("test.net");
        assertThat(granted.state()).isEqualTo(PluginState.ACTIVE);
        assertThat(granted.grantedPermissions()).containsExactly("network");
        assertThat(net.running).isTrue();
        assertThat(lifecycle.visible(11, "action:test.fetch")).isTrue();

        // DevRig restarts: a new host over the same database
        lifecycle = newLifecycle();
        net.running = true;
        lifecycle.bundleChanged(net);
        assertThat(info("test.net").state()).isEqualTo(PluginState.ACTIVE);
        assertThat(net.stops).isEqualTo(1);
    }

    @Test
    void noCodeRunsBeforeApprovalTheGuardAdmitsOnlyActivePlugins() {
        // started at boot (resolved and running) before anyone approved it
        FakeBundle net = new FakeBundle(40, "test.gate", descriptor("test.gate", "1.0.0", "\"network\"", action("test.fetch")));
        lifecycle.bundleChanged(net);
        assertThat(info("test.gate").state()).isEqualTo(PluginState.AWAITING_APPROVAL);
        assertThat(guard.calls).containsExactly("bar test.gate");
        assertThat(net.running).isFalse();
        assertThat(net.refreshes).as("refreshed, so the resolved bundle is unresolved").isEqualTo(1);
        assertThat(net.resolved()).isFalse();
        assertThatThrownBy(net::startTransient).as("bundle:start cannot run it while it is barred")
                .hasMessageContaining("not admitted");

        // its own bundle events (stopped, unresolved) do not refresh it again
        lifecycle.bundleChanged(net);
        assertThat(net.refreshes).isEqualTo(1);

        lifecycle.grant("test.gate");
        assertThat(guard.calls).last().isEqualTo("admit test.gate [network]");
        assertThat(net.running).as("admitted first, then started").isTrue();

        lifecycle.disable("test.gate");
        assertThat(guard.calls).last().isEqualTo("bar test.gate");
        assertThat(net.running).isFalse();
        assertThat(net.resolved()).isFalse();
        lifecycle.enable("test.gate");
        assertThat(guard.admitted).containsEntry("test.gate", java.util.Set.of("network"));
        assertThat(net.running).isTrue();

        lifecycle.bundleRemoved(net, true);
        assertThat(guard.calls).last().isEqualTo("bar test.gate");
        assertThat(guard.admitted).as("a reinstall waits for the host's judgement").doesNotContainKey("test.gate");
    }

    @Test
    void aFailedComponentPutsThePluginInErrorWithItsFirstLineUntilEnabledAgain() {
        FakeBundle p = new FakeBundle(43, "test.fail", descriptor("test.fail", "1.0.0", "", action("test.x")));
        lifecycle.bundleChanged(p);
        lifecycle.componentFailed(p, "component test.Fail failed to activate: IllegalStateException: bad\n\tat test.Fail");
        assertThat(info("test.fail").state()).isEqualTo(PluginState.ERROR);
        assertThat(info("test.fail").error()).isEqualTo("component test.Fail failed to activate: IllegalStateException: bad");
        assertThat(guard.admitted).doesNotContainKey("test.fail");
        assertThat(p.running).isFalse();
        lifecycle.bundleChanged(p);
        assertThat(info("test.fail").state()).as("its own bundle events do not clear it").isEqualTo(PluginState.ERROR);

        assertThat(lifecycle.enable("test.fail").state()).as("the admin retries").isEqualTo(PluginState.ACTIVE);
        assertThat(p.running).isTrue();
    }

    @Test
    void noticesAndTheGuardsRefusalsAreShownNewestFirst() {
        FakeBundle p = new FakeBundle(44, "test.noisy", descriptor("test.noisy", "1.0.0", "", ""));
        lifecycle.bundleChanged(p);
        lifecycle.setRefusals(id -> id.equals("test.noisy") ? List.of("System.exit at a.B.c(B.java:1)") : List.of());
        lifecycle.notice("test.noisy", "first");
        lifecycle.notice("test.noisy", "second");
        assertThat(info("test.noisy").notices()).containsExactly("second", "first",
                "refused by the sandbox: System.exit at a.B.c(B.java:1)");
        assertThat(lifecycle.states()).containsEntry("test.noisy", PluginState.ACTIVE);
    }

    @Test
    void anActivePluginIsStartedOnlyWhenSomeoneAskedItToRun() {
        FakeBundle idle = new FakeBundle(41, "test.idle", descriptor("test.idle", "1.0.0", "", ""));
        idle.running = false;
        idle.resolved = false;
        idle.persistentlyStarted = false; // installed, never started
        lifecycle.bundleChanged(idle);
        assertThat(info("test.idle").state()).isEqualTo(PluginState.ACTIVE);
        assertThat(guard.admitted).containsKey("test.idle");
        assertThat(idle.running).isFalse();

        idle.persistentlyStarted = true; // bundle:start failed while it was barred, or a feature started it
        lifecycle.bundleChanged(idle);
        assertThat(idle.running).isTrue();
    }

    /** Karaf stepping its start level down to stop stops the plugin's bundle: the host must not start it again. */
    @Test
    void aBundleStoppedByTheFrameworksStartLevelIsLeftToTheFramework() {
        FakeBundle git = new FakeBundle(43, "test.level", descriptor("test.level", "1.0.0", "", ""));
        lifecycle.bundleChanged(git);
        assertThat(git.running).isTrue();
        int starts = git.starts;

        git.running = false; // the framework went below the bundle's level (shutting down)
        git.levelReached = false;
        lifecycle.bundleChanged(git);
        assertThat(git.starts).as("no start below the bundle's start level").isEqualTo(starts);
        assertThat(info("test.level").state()).isEqualTo(PluginState.ACTIVE);

        git.levelReached = true; // the framework came back up to the bundle's level
        lifecycle.bundleChanged(git);
        assertThat(git.running).isTrue();
        assertThat(git.starts).isEqualTo(starts + 1);
    }

    /**
     * The level drops between the host's look and its start: the start fails (an ERROR line at
     * every shutdown before), and a plugin the host held stopped stays held, so it is started
     * when the framework comes back up.
     */
    @Test
    void aStartRacedByTheFrameworksStartLevelGoingDownIsLeftToTheFramework() {
        FakeBundle gate = new FakeBundle(44, "test.race", descriptor("test.race", "1.0.0", "\"network\"", ""));
        lifecycle.bundleChanged(gate);
        lifecycle.grant("test.race");
        lifecycle.disable("test.race"); // held stopped by the host
        assertThat(gate.running).isFalse();
        gate.persistentlyStarted = false; // only the host's hold says it should run
        int starts = gate.starts;

        gate.levelDropsAtStart = true;
        lifecycle.enable("test.race");
        assertThat(gate.running).isFalse();
        assertThat(gate.starts).isEqualTo(starts);
        assertThat(info("test.race").state()).isEqualTo(PluginState.ACTIVE);

        gate.levelReached = true; // the framework came back up
        lifecycle.bundleChanged(gate);
        assertThat(gate.running).as("still held for a start").isTrue();
        assertThat(gate.starts).isEqualTo(starts + 1);
    }

    @Test
    void aPluginImportingWhatPluginsMayNotUseIsInErrorAndNeverAdmitted() {
        FakeBundle wired = new FakeBundle(42, "test.wired", descriptor("test.wired", "1.0.0", "", ""));
        wired.wiringProblem = "imports org.osgi.service.cm, which plugins may not use (allowed: ...)";
        lifecycle.bundleChanged(wired);
        assertThat(info("test.wired").state()).isEqualTo(PluginState.ERROR);
        assertThat(info("test.wired").error()).startsWith("imports org.osgi.service.cm, which plugins may not use");
        assertThat(guard.admitted).doesNotContainKey("test.wired");
        assertThat(wired.running).isFalse();
    }

    @Test
    void aNewVersionAskingForMoreWaitsAgainAndKeepsTheOldGrants() {
        FakeBundle p = new FakeBundle(12, "test.p", descriptor("test.p", "1.0.0", "\"network\"", ""));
        lifecycle.bundleChanged(p);
        lifecycle.grant("test.p");
        p.version = "1.1.0";
        p.lastModified = 2;
        p.descriptor(descriptor("test.p", "1.1.0", "\"network\",\"secrets:read\"", ""));
        lifecycle.bundleChanged(p);
        PluginInfo waiting = info("test.p");
        assertThat(waiting.state()).isEqualTo(PluginState.AWAITING_APPROVAL);
        assertThat(waiting.version()).isEqualTo("1.1.0");
        assertThat(waiting.grantedPermissions()).containsExactly("network");
        assertThat(waiting.pendingPermissions()).containsExactly("secrets:read");
        assertThat(lifecycle.grant("test.p").grantedPermissions()).containsExactly("network", "secrets:read");
        assertThat(info("test.p").state()).isEqualTo(PluginState.ACTIVE);
    }

    @Test
    void aRunningPluginWhoseServicesCameBeforeItsFirstJudgementIsRestartedOnceToAnnounceThem() {
        // at boot the plugin's components may publish before the host's thread judges the bundle:
        // the hooks hid those registrations from every registry, so only a restart makes them seen
        lifecycle.setPreApprovals(PreApprovals.parse(new String[] {"test.boot=inbox:write"}));
        FakeBundle boot = new FakeBundle(30, "test.boot", descriptor("test.boot", "1.0.0", "\"inbox:write\"",
                action("test.echo")));
        boot.guardedServices = true;
        lifecycle.bundleChanged(boot);
        assertThat(info("test.boot").state()).isEqualTo(PluginState.ACTIVE);
        assertThat(boot.stops).isEqualTo(1);
        assertThat(boot.starts).isEqualTo(1);
        assertThat(boot.running).isTrue();

        // the restart's own bundle events judge it again: no second restart
        lifecycle.bundleChanged(boot);
        assertThat(boot.stops).isEqualTo(1);
        assertThat(boot.starts).isEqualTo(1);
    }

    @Test
    void preApprovalsThatArriveAfterAPluginWasJudgedApplyToItWhenItIsJudgedAgain() {
        // at boot the host may judge a plugin before Config Admin delivers its configuration
        FakeBundle git = new FakeBundle(22, "test.late", descriptor("test.late", "1.0.0", "\"inbox:write\"", ""));
        FakeBundle other = new FakeBundle(23, "test.unlisted", descriptor("test.unlisted", "1.0.0", "\"network\"", ""));
        lifecycle.bundleChanged(git);
        lifecycle.bundleChanged(other);
        assertThat(info("test.late").state()).isEqualTo(PluginState.AWAITING_APPROVAL);

        lifecycle.setPreApprovals(PreApprovals.parse(new String[] {"test.late=inbox:write"}));
        lifecycle.judgeAwaitingAgain();

        assertThat(info("test.late").state()).isEqualTo(PluginState.ACTIVE);
        assertThat(info("test.late").grantedPermissions()).containsExactly("inbox:write");
        assertThat(git.running).isTrue();
        assertThat(info("test.unlisted").state()).as("not pre-approved: still waits").isEqualTo(
                PluginState.AWAITING_APPROVAL);
        assertThat(other.running).isFalse();
    }

    @Test
    void preApprovedPermissionsAreGrantedAtFirstSightAndOnlyThose() {
        lifecycle.setPreApprovals(PreApprovals.parse(new String[] {"test.pre=network, inbox:write; test.other=network"}));
        FakeBundle pre = new FakeBundle(20, "test.pre", descriptor("test.pre", "1.0.0", "\"inbox:write\"", ""));
        lifecycle.bundleChanged(pre);
        assertThat(info("test.pre").state()).isEqualTo(PluginState.ACTIVE);
        assertThat(info("test.pre").grantedPermissions()).as("only what it asks for").containsExactly("inbox:write");
        assertThat(pre.running).isTrue();

        // a new version asking for more than the pre-approval waits for an admin for the rest
        pre.version = "1.1.0";
        pre.lastModified = 2;
        pre.descriptor(descriptor("test.pre", "1.1.0", "\"inbox:write\",\"network\",\"secrets:read\"", ""));
        lifecycle.bundleChanged(pre);
        assertThat(info("test.pre").state()).isEqualTo(PluginState.AWAITING_APPROVAL);
        assertThat(info("test.pre").grantedPermissions()).containsExactly("inbox:write", "network");
        assertThat(info("test.pre").pendingPermissions()).containsExactly("secrets:read");

        // not listed: waits as before; the grants are stored, so they outlive the configuration
        FakeBundle other = new FakeBundle(21, "test.unlisted", descriptor("test.unlisted", "1.0.0", "\"network\"", ""));
        lifecycle.bundleChanged(other);
        assertThat(info("test.unlisted").state()).isEqualTo(PluginState.AWAITING_APPROVAL);
        lifecycle = newLifecycle();
        lifecycle.bundleChanged(pre);
        assertThat(info("test.pre").grantedPermissions()).containsExactly("inbox:write", "network");
    }

    @Test
    void aMalformedPreApprovalEntryIsRefusedByName() {
        assertThatThrownBy(() -> PreApprovals.parse("test.pre"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'test.pre'");
        assertThat(PreApprovals.parse(null).grantable("x", java.util.Set.of("network"), java.util.Set.of())).isEmpty();
    }

    @Test
    void anInvalidDescriptorPutsThePluginInErrorWithTheReason() {
        FakeBundle bad = new FakeBundle(13, "test.bad", "{\"name\":\"test.bad\",\"version\":\"1.0.0\",\"permissions\":[\"root\"]}");
        lifecycle.bundleChanged(bad);
        PluginInfo info = info("test.bad");
        assertThat(info.state()).isEqualTo(PluginState.ERROR);
        assertThat(info.error()).contains("$: required property 'displayName' not found",
                "$.permissions[0]: does not have a value in the enumeration");
        assertThat(bad.running).isFalse();
        assertThatThrownBy(() -> lifecycle.grant("test.bad")).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.CONFLICT));
    }

    @Test
    void aMissingDescriptorOrAnUnresolvableBundleIsAnError() {
        FakeBundle empty = new FakeBundle(14, "test.empty", "{}");
        empty.files.clear();
        lifecycle.bundleChanged(empty);
        assertThat(info("test.empty").error()).contains("descriptor 'OSGI-INF/devrig/plugin.json' named by the DevRig-Plugin header is not in the bundle");

        FakeBundle future = new FakeBundle(15, "test.future", descriptor("test.future", "1.0.0", "", ""));
        future.running = false;
        future.resolutionProblem = "needs a DevRig engine matching (&(devrig.engine=core)(version>=2.0)); this DevRig provides engine 1.0.0";
        lifecycle.bundleChanged(future);
        assertThat(info("test.future").state()).isEqualTo(PluginState.ERROR);
        assertThat(info("test.future").error()).contains("version>=2.0", "provides engine 1.0.0");
    }

    @Test
    void anUndeclaredCapabilityIsRefusedUntilTheBundleIsUpdated() {
        FakeBundle sneaky = new FakeBundle(16, "test.sneaky", descriptor("test.sneaky", "1.0.0", "", action("test.ok")));
        lifecycle.bundleChanged(sneaky);
        assertThat(lifecycle.visible(16, "action:test.delete_everything")).isFalse();
        lifecycle.capabilityRegistered(sneaky, 42, "action:test.delete_everything", "service 42 [ActionExecutor]");
        PluginInfo info = info("test.sneaky");
        assertThat(info.state()).isEqualTo(PluginState.ERROR);
        assertThat(info.error()).contains("'action:test.delete_everything'", "service 42", "does not declare", "not used",
                "(declared: action:test.ok)");
        assertThat(sneaky.running).isFalse();
        // the stop produces bundle events: the refusal sticks to this revision of the code
        lifecycle.bundleChanged(sneaky);
        assertThat(info("test.sneaky").state()).isEqualTo(PluginState.ERROR);
        // an updated bundle is judged afresh
        sneaky.lastModified = 99;
        lifecycle.bundleChanged(sneaky);
        assertThat(info("test.sneaky").state()).isEqualTo(PluginState.ACTIVE);
        assertThat(sneaky.running).isTrue();
    }

    @Test
    void anActionServiceWithoutTheCapabilityPropertyIsRefusedLoudlyNotDropped() {
        FakeBundle quiet = new FakeBundle(30, "test.quiet", descriptor("test.quiet", "1.0.0", "", action("test.ok")));
        lifecycle.bundleChanged(quiet);
        assertThat(lifecycle.visible(30, null)).as("hidden from every registry").isFalse();
        lifecycle.capabilityRegistered(quiet, 43, null, "service 43 [io.devrig.api.action.ActionExecutor]");
        PluginInfo info = info("test.quiet");
        assertThat(info.state()).isEqualTo(PluginState.ERROR);
        assertThat(info.error()).contains("service 43", "without the service property devrig.capability=<kind>:<id>",
                "(declared: action:test.ok)");
        assertThat(quiet.running).isFalse();
    }

    @Test
    void aRefusedServiceOfADeclaredCapabilityPutsThePluginInErrorUntilItsBundleChanges() {
        FakeBundle p = new FakeBundle(35, "test.embedded", descriptor("test.embedded", "1.0.0", "", action("test.ok")));
        lifecycle.bundleChanged(p);
        lifecycle.capabilityRegistered(p, 70, "action:test.ok", "service 70");
        assertThat(info("test.embedded").unavailable()).isEmpty();

        lifecycle.serviceRefused(p, 70, "published service 70 [io.devrig.api.action.ActionExecutor] whose type"
                + " io.devrig.api.action.ActionExecutor is a copy inside the plugin's bundle");
        assertThat(info("test.embedded").state()).isEqualTo(PluginState.ERROR);
        assertThat(info("test.embedded").error()).contains("is a copy inside the plugin's bundle");
        assertThat(p.running).isFalse();

        p.lastModified++; // the author fixed the build: the new jar is judged afresh
        lifecycle.bundleChanged(p);
        assertThat(info("test.embedded").state()).isEqualTo(PluginState.ACTIVE);
    }

    @Test
    void aDeclaredCapabilityWithoutAServiceIsListedOnThePluginsState() {
        FakeBundle p = new FakeBundle(31, "test.partial", descriptor("test.partial", "1.0.0", "",
                action("test.one") + "," + action("test.two")));
        lifecycle.bundleChanged(p);
        assertThat(info("test.partial").unavailable()).containsExactly("action:test.one", "action:test.two");
        lifecycle.capabilityRegistered(p, 50, "action:test.one", "service 50");
        assertThat(info("test.partial").unavailable()).containsExactly("action:test.two");
        assertThat(info("test.partial").state()).isEqualTo(PluginState.ACTIVE);
        lifecycle.capabilityRegistered(p, 51, "action:test.two", "service 51");
        assertThat(info("test.partial").unavailable()).isEmpty();
        lifecycle.unregistered(31, 50);
        assertThat(info("test.partial").unavailable()).containsExactly("action:test.one");
        lifecycle.reportUnavailable("test.partial"); // logs a warning; must not throw
        lifecycle.disable("test.partial");
        assertThat(info("test.partial").unavailable()).as("only an active plugin is expected to provide").isEmpty();
    }

    static String withSource(String name, String version, String actions, String source) {
        return "{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"displayName\":\"" + name + "\","
                + "\"category\":\"test\",\"permissions\":[\"inbox:write\"],\"capabilities\":{\"actions\":[" + actions
                + "],\"dataSources\":[{\"id\":\"" + source + "\",\"name\":\"Feed\"}]}}";
    }

    @Test
    void anUpdateIsReportedWithBothVersionsWhatTheNewCodePublishesAndTheSourcesToSync() {
        FakeBundle p = new FakeBundle(33, "test.reload", withSource("test.reload", "1.0.0", action("test.one"), "test.feed"));
        lifecycle.bundleChanged(p);
        lifecycle.grant("test.reload");
        lifecycle.capabilityRegistered(p, 60, "action:test.one", "service 60");
        lifecycle.capabilityRegistered(p, 61, "dataSource:test.feed", "service 61");

        // bundle:update: the old services go, the host reads the old version, then judges the new code
        lifecycle.unregistered(33, 60);
        lifecycle.unregistered(33, 61);
        String old = lifecycle.recordedVersion("test.reload");
        p.version = "1.1.0";
        p.lastModified++;
        p.descriptor(withSource("test.reload", "1.1.0", action("test.one") + "," + action("test.two"), "test.feed"));
        lifecycle.bundleChanged(p);
        lifecycle.capabilityRegistered(p, 62, "dataSource:test.feed", "service 62");
        lifecycle.capabilityRegistered(p, 63, "action:test.one", "service 63");

        PluginLifecycle.Reload reload = lifecycle.reportUpdate("test.reload", old, p.version);
        assertThat(reload.line()).isEqualTo("plugin test.reload updated: 1.0.0 -> 1.1.0, capabilities: action:test.one,"
                + " dataSource:test.feed; unavailable: action:test.two (devrig:plugin test.reload says why)");
        assertThat(reload.dataSources()).containsExactly("test.feed");
    }

    @Test
    void anUpdateThatBreaksThePluginSaysSoAndSyncsNothing() {
        FakeBundle p = new FakeBundle(34, "test.broken", withSource("test.broken", "1.0.0", action("test.one"), "test.feed"));
        lifecycle.bundleChanged(p);
        lifecycle.grant("test.broken");
        String old = lifecycle.recordedVersion("test.broken");
        p.version = "2.0.0";
        p.lastModified++;
        p.descriptor("{\"name\":\"test.broken\",\"version\":\"2.0.0\"}");
        lifecycle.bundleChanged(p);

        PluginLifecycle.Reload reload = lifecycle.reportUpdate("test.broken", old, p.version);
        assertThat(reload.line()).startsWith("plugin test.broken updated: 1.0.0 -> 2.0.0, capabilities: none; it is error: "
                + "invalid plugin descriptor");
        assertThat(reload.dataSources()).isEmpty();
    }

    @Test
    void theAcceptedDescriptorIsExposedWithItsSchemaTexts() {
        FakeBundle p = new FakeBundle(32, "test.described", "{\"name\":\"test.described\",\"version\":\"1.0.0\","
                + "\"displayName\":\"Described\",\"capabilities\":{\"actions\":[{\"id\":\"test.run\",\"name\":\"Run it\","
                + "\"description\":\"Runs.\",\"inputSchema\":\"test.run.input.schema.json\",\"sideEffects\":false}]}}");
        p.files.put("OSGI-INF/devrig/test.run.input.schema.json", "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8));
        lifecycle.bundleChanged(p);
        var d = lifecycle.descriptor("test.described").orElseThrow();
        var a = d.capabilities().action("test.run").orElseThrow();
        assertThat(a.name()).isEqualTo("Run it");
        assertThat(a.sideEffects()).isFalse();
        assertThat(a.configVersion()).isEqualTo(1);
        assertThat(d.schema(a.inputSchema())).contains("{\"type\":\"object\"}");
        assertThat(lifecycle.descriptor("test.unknown")).isEmpty();
        p.descriptor("{}");
        p.lastModified = 2;
        lifecycle.bundleChanged(p);
        assertThat(lifecycle.descriptor("test.described")).as("refused descriptors are not exposed").isEmpty();
    }

    @Test
    void disableSticksAcrossReevaluationAndEnableRestarts() {
        FakeBundle p = new FakeBundle(17, "test.toggle", descriptor("test.toggle", "1.0.0", "", ""));
        lifecycle.bundleChanged(p);
        assertThat(lifecycle.disable("test.toggle").state()).isEqualTo(PluginState.DISABLED);
        assertThat(p.running).isFalse();
        lifecycle.bundleChanged(p);
        assertThat(info("test.toggle").state()).isEqualTo(PluginState.DISABLED);
        assertThat(lifecycle.enable("test.toggle").state()).isEqualTo(PluginState.ACTIVE);
        assertThat(p.running).isTrue();
    }

    @Test
    void purgingDeletesAnUninstalledPluginsDataButNotAnInstalledOne() {
        FakeBundle p = new FakeBundle(24, "test.purge", descriptor("test.purge", "1.0.0", "", ""));
        lifecycle.bundleChanged(p);
        String rowId = db.read(h -> h.queryOne("SELECT id FROM plugins WHERE name = 'test.purge'", r -> r.getString(1))).orElseThrow();
        db.write(h -> h.update("INSERT INTO plugin_storage(id, plugin_id, key, value) VALUES ('s1', ?, 'k', '1')", rowId));
        assertThatThrownBy(() -> lifecycle.purge("test.purge", List.of())).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.CONFLICT);
            assertThat(e.getMessage()).contains("still installed");
        });
        // the host gets a new wrapper object for the same bundle with every event
        FakeBundle sameBundle = new FakeBundle(24, "test.purge", descriptor("test.purge", "1.0.0", "", ""));
        lifecycle.bundleRemoved(sameBundle, true);
        List<String> purged = new ArrayList<>();
        // an owner that fails rolls the whole purge back: the row, the storage and the first owner's delete stay
        PluginDataOwner counting = pluginId -> {
            db.write(h -> h.update("INSERT INTO plugin_storage(id, plugin_id, key, value) VALUES ('s2', ?, 'k2', '1')", rowId));
            purged.add(pluginId);
            return 1;
        };
        PluginDataOwner failing = pluginId -> {
            throw new IllegalStateException("disk full");
        };
        assertThatThrownBy(() -> lifecycle.purge("test.purge", List.of(counting, failing)))
                .isInstanceOfSatisfying(DevRigException.class, e -> assertThat(e.getMessage())
                        .contains("purge of plugin test.purge failed", "rolled back", "disk full"));
        assertThat(lifecycle.plugin("test.purge")).isPresent();
        assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM plugin_storage")).orElseThrow()).isEqualTo(1);

        lifecycle.purge("test.purge", List.of(counting, pluginId -> {
            purged.add(pluginId);
            return 0;
        }));
        assertThat(purged).containsExactly("test.purge", "test.purge", "test.purge");
        assertThat(lifecycle.plugin("test.purge")).isEmpty();
        assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM plugin_storage")).orElseThrow()).as("storage cascaded").isZero();
    }

    @Test
    void anUninstalledPluginKeepsItsRow() {
        FakeBundle p = new FakeBundle(18, "test.gone", descriptor("test.gone", "1.0.0", "\"network\"", ""));
        lifecycle.bundleChanged(p);
        lifecycle.grant("test.gone");
        lifecycle.bundleRemoved(p, true);
        PluginInfo info = info("test.gone");
        assertThat(info.state()).isEqualTo(PluginState.INSTALLED);
        assertThat(info.grantedPermissions()).containsExactly("network");
        assertThat(lifecycle.isPlugin(18)).isFalse();
    }

    static final String SETTINGS_SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["repositories"],
             "properties": {"repositories": {"type": "array", "items": {"type": "string", "pattern": "^[\\\\w.-]+/[\\\\w.-]+$"}},
                            "pollSeconds": {"type": "integer", "minimum": 30}}}
            """;

    FakeBundle configurable() {
        FakeBundle p = new FakeBundle(20, "test.conf", "{\"name\":\"test.conf\",\"version\":\"1.0.0\",\"displayName\":\"C\","
                + "\"settingsSchema\":\"settings.json\"}");
        p.files.put("OSGI-INF/devrig/settings.json", SETTINGS_SCHEMA.getBytes(StandardCharsets.UTF_8));
        lifecycle.bundleChanged(p);
        return p;
    }

    @Test
    void validSettingsAreSavedAndSurvive() {
        configurable();
        assertThat(lifecycle.settings("test.conf")).isEqualTo("{}");
        lifecycle.configure("test.conf", "{\"repositories\": [\"devrig/devrig\"], \"pollSeconds\": 60}");
        assertThat(lifecycle.settings("test.conf")).isEqualTo("{\"repositories\":[\"devrig/devrig\"],\"pollSeconds\":60}");
        lifecycle = newLifecycle();
        assertThat(lifecycle.settings("test.conf")).contains("devrig/devrig");
    }

    @Test
    void badSettingsAreRefusedWithThePathOfEachErrorAndNothingIsSaved() {
        configurable();
        lifecycle.configure("test.conf", "{\"repositories\": [\"a/b\"]}");
        assertThatThrownBy(() -> lifecycle.configure("test.conf",
                "{\"repositories\": [\"ok/repo\", \"not a repo\"], \"pollSeconds\": 5, \"colour\": \"red\"}"))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
                    @SuppressWarnings("unchecked")
                    java.util.List<String> errors = (java.util.List<String>) e.error().details().get("errors");
                    assertThat(errors).hasSize(3);
                    assertThat(errors).anySatisfy(m -> assertThat(m).startsWith("$.repositories[1]: ").contains("pattern"));
                    assertThat(errors).anySatisfy(m -> assertThat(m).startsWith("$.pollSeconds: ").contains("30"));
                    assertThat(errors).anySatisfy(m -> assertThat(m).contains("colour"));
                    assertThat(e.getMessage()).contains("were not saved");
                });
        assertThatThrownBy(() -> lifecycle.configure("test.conf", "{\"repositories\": "))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> lifecycle.configure("test.conf", "[1]")).hasMessageContaining("must be a JSON object");
        assertThat(lifecycle.settings("test.conf")).isEqualTo("{\"repositories\":[\"a/b\"]}");
    }

    @Test
    void aPluginWithoutSettingsSchemaTakesNoSettings() {
        FakeBundle p = new FakeBundle(21, "test.plain", descriptor("test.plain", "1.0.0", "", ""));
        lifecycle.bundleChanged(p);
        lifecycle.configure("test.plain", "{}");
        assertThatThrownBy(() -> lifecycle.configure("test.plain", "{\"a\": 1}"))
                .hasMessageContaining("declares no settings schema");
    }

    @Test
    void theSdkGateFollowsStateAndGrantsOnEveryCall() {
        FakeBundle p = new FakeBundle(22, "test.gate", descriptor("test.gate", "1.0.0", "\"network\"", ""));
        lifecycle.bundleChanged(p);
        assertThatThrownBy(() -> lifecycle.check("test.gate", "network"))
                .hasMessageContaining("plugin test.gate is awaiting-approval and may not use the plugin SDK");
        lifecycle.grant("test.gate");
        lifecycle.check("test.gate", "network");
        lifecycle.check("test.gate", null);
        assertThatThrownBy(() -> lifecycle.check("test.gate", "secrets:read")).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.PERMISSION_DENIED);
            assertThat(e.getMessage()).contains("plugin test.gate does not have the permission 'secrets:read' (granted: network)");
            assertThat(e.error().details()).containsEntry("pluginId", "test.gate").containsEntry("permission", "secrets:read");
        });
        lifecycle.disable("test.gate");
        assertThatThrownBy(() -> lifecycle.check("test.gate", null)).hasMessageContaining("is disabled");
        assertThatThrownBy(() -> lifecycle.check("io.devrig.store", null)).hasMessageContaining("is not a DevRig plugin");
    }

    @Test
    void callCountersArePersistedAndAddUpAcrossRestarts() {
        FakeBundle p = new FakeBundle(23, "test.count", descriptor("test.count", "1.0.0", "", ""));
        lifecycle.bundleChanged(p);
        java.time.Instant t = java.time.Instant.parse("2026-11-23T08:00:00Z");
        live.put("test.count", new PluginCallStats("test.count", 5, 2, t, "PLUGIN_ERROR: boom",
                PluginCallStats.BreakerState.CLOSED, 0));
        assertThat(info("test.count").stats().executionCount()).as("unflushed calls are shown").isEqualTo(5);
        lifecycle.flushCounters();
        lifecycle.flushCounters(); // a second flush adds nothing
        assertThat(info("test.count").stats().executionCount()).isEqualTo(5);
        // restart: the invoker counts from zero again, the database keeps the totals
        lifecycle = newLifecycle();
        live.put("test.count", new PluginCallStats("test.count", 3, 0, t.plusSeconds(60), null,
                PluginCallStats.BreakerState.CLOSED, 0));
        lifecycle.flushCounters();
        PluginCallStats total = info("test.count").stats();
        assertThat(total.executionCount()).isEqualTo(8);
        assertThat(total.failureCount()).isEqualTo(2);
        assertThat(total.lastExecutedAt()).isEqualTo(t.plusSeconds(60));
        assertThat(total.lastError()).isEqualTo("PLUGIN_ERROR: boom");
    }

    @Test
    void nonPluginBundlesAreAlwaysVisibleAndUnknownIdsAreNotFound() {
        assertThat(lifecycle.visible(999, "action:core.log")).isTrue();
        assertThatThrownBy(() -> lifecycle.grant("nope")).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.NOT_FOUND);
            assertThat(e.getMessage()).contains("no plugin with id 'nope'");
        });
        assertThat(lifecycle.plugins()).isEmpty();
    }
}
