package io.devrig.plugin.internal.host;

import io.devrig.plugin.guard.PreApprovals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginState;
import io.devrig.common.schema.SchemaProblems;
import io.devrig.common.plugin.DescriptorException;
import io.devrig.common.plugin.DescriptorReader;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.api.plugin.data.PluginDataOwner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each plugin's state from its bundle, its descriptor and what admins decided
 * (grants, disabled), stores it, and keeps the bundle running only when the plugin is
 * active. Not thread-safe by design: the host component calls it from one thread.
 */
final class PluginLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLifecycle.class);
    private static final ObjectMapper JSON = io.devrig.common.json.Json.MAPPER; // the one strict mapper

    /** What the service hooks need to know about a plugin bundle, readable from any thread. */
    record Known(String name, PluginState state, PluginDescriptor descriptor) {
    }

    private record Refusal(long lastModified, String error) {
    }

    private final PluginRecords records;
    private final Function<String, PluginCallStats> stats;
    private final Map<Long, Known> byBundle = new ConcurrentHashMap<>();
    private final Map<String, PluginBundle> bundles = new ConcurrentHashMap<>();
    private final Map<Long, Refusal> refusals = new ConcurrentHashMap<>();
    private final Set<Long> heldStopped = ConcurrentHashMap.newKeySet();
    /** What each plugin may do right now, read by SDK calls on any thread. */
    private final Map<String, Access> access = new ConcurrentHashMap<>();

    private record Access(PluginState state, Set<String> granted) {
    }

    /** The capability services each plugin bundle publishes now: bundle id → service id → {@code kind:id}. */
    private final Map<Long, Map<Long, String>> provided = new ConcurrentHashMap<>();
    /** What {@link #reportUnavailable} last logged per plugin, so a repeated check does not repeat it. */
    private final Map<String, List<String>> reportedUnavailable = new ConcurrentHashMap<>();
    /** Settings as last saved, per plugin, read by the settings SDK on any thread. */
    private final Map<String, String> settingsCache = new ConcurrentHashMap<>();

    /** Invoker counts already written to the database, per plugin (the invoker's counters only grow). */
    private final Map<String, long[]> flushed = new ConcurrentHashMap<>();

    /** Permissions an admin approved in advance, by plugin (configuration, see {@link PreApprovals}). */
    private volatile PreApprovals preApprovals = PreApprovals.NONE;

    private final Admission admission;

    PluginLifecycle(PluginRecords records, Function<String, PluginCallStats> stats, Admission admission) {
        this.records = records;
        this.stats = stats;
        this.admission = admission;
    }

    void setPreApprovals(PreApprovals value) {
        this.preApprovals = value;
    }

    /**
     * Judges each plugin that awaits approval again, so that pre-approvals which arrived after
     * its first judgement apply to it (at boot the configuration may come after the plugin).
     */
    void judgeAwaitingAgain() {
        for (Known known : List.copyOf(byBundle.values())) {
            if (known.state() == PluginState.AWAITING_APPROVAL) {
                reevaluate(known.name());
            }
        }
    }

    /** A plugin bundle appeared or changed (installed, resolved, started, stopped, updated). */
    void bundleChanged(PluginBundle bundle) {
        String name = bundle.symbolicName();
        String location = bundle.descriptorLocation();
        Refusal refusal = refusals.get(bundle.bundleId());
        if (refusal != null && refusal.lastModified() != bundle.lastModified()) {
            refusals.remove(bundle.bundleId()); // the bundle was updated: judge the new code afresh
            refusal = null;
        }
        PluginDescriptor descriptor = null;
        String manifest = null;
        String error = refusal != null ? refusal.error() : bundle.resolutionProblem();
        if (error == null) {
            Optional<byte[]> json = bundle.entry(location);
            if (json.isEmpty()) {
                error = "descriptor '" + location + "' named by the DevRig-Plugin header is not in the bundle";
            } else {
                try {
                    descriptor = new DescriptorReader(bundle::entry).read(json.get(), location, name, bundle.version());
                    manifest = JSON.readTree(json.get()).toString();
                } catch (DescriptorException e) {
                    error = e.getMessage();
                } catch (java.io.IOException e) {
                    error = "descriptor cannot be read: " + e.getMessage(); // read once already: not expected
                }
            }
        }
        if (error == null) {
            // imports of packages plugins may not use: the guard would never let it wire
            error = bundle.wiringProblem();
        }
        Optional<PluginRecord> existing = records.find(name);
        Set<String> granted = existing.map(PluginRecord::granted).orElse(Set.of());
        boolean disabled = existing.map(PluginRecord::disabled).orElse(false);
        Set<String> requested = descriptor != null ? descriptor.permissions()
                : existing.map(PluginRecord::requested).orElse(Set.of());
        boolean preGranted = false;
        if (error == null && !granted.containsAll(requested)) {
            Set<String> approved = preApprovals.grantable(name, requested, granted);
            if (!approved.isEmpty()) {
                Set<String> more = new TreeSet<>(granted);
                more.addAll(approved);
                granted = Set.copyOf(more);
                preGranted = true;
                LOG.info("Granted plugin {} the permissions {}, pre-approved by configuration {}", name,
                        new TreeSet<>(approved), PreApprovals.PID);
            }
        }
        PluginState state;
        if (error != null) {
            state = PluginState.ERROR;
        } else if (disabled) {
            state = PluginState.DISABLED;
        } else if (!granted.containsAll(requested)) {
            state = PluginState.AWAITING_APPROVAL;
        } else {
            state = PluginState.ACTIVE;
        }
        PluginState before = existing.map(PluginRecord::state).orElse(null);
        String version = descriptor != null ? descriptor.version() : bundle.version();
        records.save(new PluginRecord(null, name, version,
                descriptor != null ? descriptor.displayName() : existing.map(PluginRecord::displayName).orElse(name),
                descriptor != null ? descriptor.description() : existing.map(PluginRecord::description).orElse(""),
                state, requested, granted, disabled,
                manifest != null ? manifest : existing.map(PluginRecord::manifest).orElse("{}"),
                bundle.location(), error, PluginRecord.Counters.NONE));
        if (preGranted) {
            records.setGranted(name, granted); // save() leaves an existing row's grants alone
        }
        boolean firstJudgement = !byBundle.containsKey(bundle.bundleId());
        byBundle.put(bundle.bundleId(), new Known(name, state, descriptor));
        bundles.put(name, bundle);
        access.put(name, new Access(state, Set.copyOf(granted)));
        if (state != before) {
            report(name, version, state, error, requested, granted);
        }
        apply(bundle, state, granted, firstJudgement);
    }

    private static void report(String name, String version, PluginState state, String error, Set<String> requested,
            Set<String> granted) {
        switch (state) {
            case ERROR -> LOG.error("Plugin {} {} is in error: {}", name, version, error);
            case AWAITING_APPROVAL -> {
                Set<String> pending = new TreeSet<>(requested);
                pending.removeAll(granted);
                LOG.warn("Plugin {} {} awaits approval of the permissions {} (grant with devrig:plugin-grant {})",
                        name, version, pending, name);
            }
            default -> LOG.info("Plugin {} {} is {}", name, version, state.wireName());
        }
    }

    /**
     * Runs the plugin's bundle only when the plugin is active, and lets it resolve only then.
     * Active: the guard admits it with its grants, then the bundle is started when someone
     * asked for it to run (its autostart setting) or the host had stopped it. Otherwise the
     * guard bars it, and the bundle is stopped and refreshed, so a resolved bundle goes back
     * to installed and neither {@code bundle:start} nor a refresh can run its code.
     *
     * <p>A bundle that was already running, with guarded services, when the host judged it
     * for the first time (it started at boot before the host's thread reached it) is
     * restarted once: its services' registrations were hidden then, so no registry saw them.
     */
    private void apply(PluginBundle bundle, PluginState state, Set<String> granted, boolean firstJudgement) {
        String name = bundle.symbolicName();
        boolean held = false;
        try {
            if (state == PluginState.ACTIVE) {
                admission.admit(name, granted);
                held = heldStopped.remove(bundle.bundleId());
                if (!bundle.running() && (held || bundle.persistentlyStarted())) {
                    if (bundle.startLevelReached()) {
                        bundle.startTransient(); // resolves it first, now that the guard lets it
                    } else { // starting up or shutting down: the framework starts it at its level
                        if (held) {
                            heldStopped.add(bundle.bundleId());
                        }
                        LOG.debug("Plugin {} is not started now: the framework is below the bundle's start level", name);
                    }
                } else if (firstJudgement && bundle.running() && bundle.hasGuardedServices()) {
                    LOG.info("Restarting plugin {}: it registered its services before the host had judged it", name);
                    bundle.stopTransient();
                    bundle.startTransient();
                }
            } else {
                admission.bar(name);
                if (bundle.running()) {
                    heldStopped.add(bundle.bundleId());
                    bundle.stopTransient();
                }
                if (bundle.resolved()) {
                    // unresolve it: its classes cannot load again until the guard admits it
                    bundle.refresh();
                }
            }
        } catch (IllegalStateException uninstalled) {
            // the bundle was uninstalled while this change waited (e.g. its jar left deploy/):
            // removedBundle records that; there is nothing to start or stop
            LOG.debug("Plugin {} went away before it could be {}: {}", name,
                    state == PluginState.ACTIVE ? "started" : "stopped", uninstalled.getMessage());
        } catch (Exception e) {
            if (state == PluginState.ACTIVE && !bundle.startLevelReached()) {
                // the framework stepped below the bundle's start level between the look and the
                // start (Karaf stopping): as above, it is started when the framework comes back up
                if (held) {
                    heldStopped.add(bundle.bundleId());
                }
                LOG.debug("Plugin {} is not started now: the framework went below the bundle's start level ({})", name,
                        e.getMessage());
            } else {
                LOG.error("Could not {} the bundle of plugin {}: {}", state == PluginState.ACTIVE ? "start" : "stop",
                        name, e.getMessage());
            }
        }
    }

    /** A plugin bundle went away; uninstalled plugins keep their row (and data) in state installed. */
    void bundleRemoved(PluginBundle bundle, boolean uninstalled) {
        byBundle.remove(bundle.bundleId());
        provided.remove(bundle.bundleId());
        heldStopped.remove(bundle.bundleId());
        refusals.remove(bundle.bundleId());
        // by bundle id: each event brings a new PluginBundle wrapper for the same bundle
        PluginBundle current = bundles.get(bundle.symbolicName());
        if (current != null && current.bundleId() == bundle.bundleId()) {
            bundles.remove(bundle.symbolicName());
            access.remove(bundle.symbolicName());
        }
        if (uninstalled && (current == null || current.bundleId() == bundle.bundleId())) {
            admission.bar(bundle.symbolicName()); // a reinstall waits for the host's judgement
        }

        if (uninstalled && records.find(bundle.symbolicName()).isPresent()) {
            records.setState(bundle.symbolicName(), PluginState.INSTALLED, null);
            LOG.info("Plugin {} was uninstalled; its settings, grants and data are kept", bundle.symbolicName());
        }
    }

    /**
     * Lets an SDK call through, or refuses it naming the plugin and what is missing. Cheap:
     * one map lookup, so it can run on every call.
     */
    void check(String pluginId, String permission) {
        Access current = access.get(pluginId);
        if (current == null) {
            throw denied(pluginId, permission, "bundle " + pluginId + " is not a DevRig plugin; the plugin SDK serves plugins only");
        }
        if (current.state() != PluginState.ACTIVE) {
            throw denied(pluginId, permission, "plugin " + pluginId + " is " + current.state().wireName()
                    + " and may not use the plugin SDK until it is active");
        }
        if (permission != null && !current.granted().contains(permission)) {
            throw denied(pluginId, permission, "plugin " + pluginId + " does not have the permission '" + permission
                    + "' (granted: " + (current.granted().isEmpty() ? "none" : String.join(", ", new TreeSet<>(current.granted()))) + ")");
        }
    }

    private static DevRigException denied(String pluginId, String permission, String message) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("pluginId", pluginId);
        if (permission != null) {
            details.put("permission", permission);
        }
        return new DevRigException(io.devrig.api.error.DevRigError.of(ErrorCodes.PERMISSION_DENIED,
                ErrorCategory.PERMANENT, message).withDetails(details));
    }

    /** Whether other bundles may see a capability service registered by {@code bundleId}. */
    boolean visible(long bundleId, String capability) {
        Known known = byBundle.get(bundleId);
        return known == null || known.state() == PluginState.ACTIVE && declares(known.descriptor(), capability);
    }

    /** Whether a plugin bundle's event handlers may receive events: active and granted events:subscribe. */
    boolean mayReceiveEvents(long bundleId) {
        Known known = byBundle.get(bundleId);
        if (known == null) {
            return true;
        }
        Access current = access.get(known.name());
        return current != null && current.state() == PluginState.ACTIVE
                && current.granted().contains(io.devrig.common.plugin.Permissions.EVENTS_SUBSCRIBE);
    }

    /** Whether {@code bundleId} is a plugin bundle the host knows. */
    boolean isPlugin(long bundleId) {
        return byBundle.containsKey(bundleId);
    }

    /**
     * A capability service was registered (or its properties changed). One the descriptor does
     * not declare, or an action or data source service without {@code devrig.capability}, puts
     * the plugin in error: a capability never vanishes silently.
     *
     * @param capability the service's {@code devrig.capability}, null when it has none
     */
    void capabilityRegistered(PluginBundle bundle, long serviceId, String capability, String service) {
        Known known = byBundle.get(bundle.bundleId());
        if (known == null || known.descriptor() == null) {
            return;
        }
        if (capability != null && declares(known.descriptor(), capability)) {
            provided.computeIfAbsent(bundle.bundleId(), b -> new ConcurrentHashMap<>()).put(serviceId, capability);
            return;
        }
        String error = capability == null
                ? "published " + service + " without the service property " + io.devrig.api.plugin.PluginConstants.CAPABILITY_PROPERTY
                        + "=<kind>:<id> naming the descriptor entry it implements (declared: "
                        + String.join(", ", known.descriptor().capabilities().all()) + "); the service is not used"
                : "registered the capability '" + capability + "' (" + service
                        + ") that its descriptor does not declare (declared: "
                        + String.join(", ", known.descriptor().capabilities().all()) + "); the service is not used";
        serviceRefused(bundle, serviceId, error);
    }

    /** A service of the plugin is refused for {@code error}: the plugin goes to error until its bundle is updated. */
    void serviceRefused(PluginBundle bundle, long serviceId, String error) {
        if (!byBundle.containsKey(bundle.bundleId())) {
            return;
        }
        unregistered(bundle.bundleId(), serviceId);
        refusals.put(bundle.bundleId(), new Refusal(bundle.lastModified(), error));
        bundleChanged(bundle);
    }

    /**
     * A DS component of an active plugin failed (activation threw, a mandatory reference cannot
     * be satisfied, a class was refused): the plugin goes to error with the first line of the
     * failure, until its bundle is updated or an admin enables it again.
     */
    void componentFailed(PluginBundle bundle, String failure) {
        Known known = byBundle.get(bundle.bundleId());
        if (known == null || known.state() != PluginState.ACTIVE) {
            return;
        }
        refusals.put(bundle.bundleId(), new Refusal(bundle.lastModified(), firstLine(failure)));
        bundleChanged(bundle);
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        int end = trimmed.indexOf('\n');
        return (end < 0 ? trimmed : trimmed.substring(0, end)).strip();
    }

    /** Tells the admin (and the log) something about the plugin beyond its state, e.g. threads it left behind. */
    void notice(String id, String notice) {
        LOG.warn("Plugin {}: {}", id, notice);
        notices.compute(id, (k, old) -> {
            List<String> next = new ArrayList<>();
            next.add(notice);
            if (old != null) {
                next.addAll(old.subList(0, Math.min(old.size(), MAX_NOTICES - 1)));
            }
            return List.copyOf(next);
        });
    }

    private static final int MAX_NOTICES = 20;
    /** Notices per plugin, newest first, kept in memory (a restart starts afresh). */
    private final Map<String, List<String>> notices = new ConcurrentHashMap<>();
    /** What the sandbox refused per plugin (the guard's refusals), newest first. */
    private volatile Function<String, List<String>> refused = id -> List.of();

    void setRefusals(Function<String, List<String>> source) {
        this.refused = source;
    }

    /** The state of every installed plugin now, from memory (any thread). */
    Map<String, PluginState> states() {
        Map<String, PluginState> result = new java.util.TreeMap<>();
        access.forEach((id, a) -> result.put(id, a.state()));
        return result;
    }

    /** The plugin's bundle currently known under this id, if any. */
    Optional<PluginBundle> bundle(String id) {
        return Optional.ofNullable(bundles.get(id));
    }

    /** A capability service went away. */
    void unregistered(long bundleId, long serviceId) {
        Map<Long, String> services = provided.get(bundleId);
        if (services != null) {
            services.remove(serviceId);
        }
    }

    /** Declared capabilities of an active plugin that no service provides now, as {@code kind:id}. */
    List<String> unavailable(String id) {
        PluginBundle bundle = bundles.get(id);
        Known known = bundle == null ? null : byBundle.get(bundle.bundleId());
        if (known == null || known.descriptor() == null || known.state() != PluginState.ACTIVE) {
            return List.of();
        }
        java.util.Collection<String> now = provided.getOrDefault(bundle.bundleId(), Map.of()).values();
        return known.descriptor().capabilities().all().stream().filter(c -> !now.contains(c)).toList();
    }

    /** Logs the declared capabilities an active plugin does not provide (called a while after it started). */
    void reportUnavailable(String id) {
        List<String> missing = unavailable(id);
        if (missing.equals(reportedUnavailable.put(id, missing))) {
            return; // said already
        }
        if (!missing.isEmpty()) {
            LOG.warn("Plugin {} is active but provides no service for the declared {} (a component that failed to"
                    + " start, or a service without the right {} property); devrig:plugin {} lists them", id, missing,
                    io.devrig.api.plugin.PluginConstants.CAPABILITY_PROPERTY, id);
        }
    }

    /** The version the host last recorded for the plugin (read before an update is judged), or null. */
    String recordedVersion(String id) {
        return records.find(id).map(PluginRecord::version).orElse(null);
    }

    /**
     * After a reload of the plugin's bundle: logs one INFO line with the old and new bundle version
     * and what the new code publishes, and returns that line with the ids of the data sources
     * it provides (to sync at once; none unless it is active).
     */
    Reload reportUpdate(String id, String oldVersion, String version) {
        PluginBundle bundle = bundles.get(id);
        Known known = bundle == null ? null : byBundle.get(bundle.bundleId());
        List<String> published = bundle == null ? List.of()
                : new TreeSet<>(provided.getOrDefault(bundle.bundleId(), Map.of()).values()).stream().toList();
        StringBuilder line = new StringBuilder("plugin ").append(id).append(" updated: ").append(oldVersion)
                .append(" -> ").append(version).append(", capabilities: ")
                .append(published.isEmpty() ? "none" : String.join(", ", published));
        List<String> missing = unavailable(id);
        if (!missing.isEmpty()) {
            line.append("; unavailable: ").append(String.join(", ", missing)).append(" (devrig:plugin ").append(id)
                    .append(" says why)");
        }
        PluginState state = known == null ? PluginState.INSTALLED : known.state();
        if (state != PluginState.ACTIVE) {
            String error = records.find(id).map(PluginRecord::error).orElse(null);
            line.append("; it is ").append(state.wireName()).append(error == null ? "" : ": " + firstLine(error));
        }
        LOG.info("{}", line);
        String prefix = "dataSource:";
        return new Reload(line.toString(), state != PluginState.ACTIVE ? List.of()
                : published.stream().filter(c -> c.startsWith(prefix)).map(c -> c.substring(prefix.length())).toList());
    }

    /** What {@link #reportUpdate} logged, and the data sources to sync now. */
    record Reload(String line, List<String> dataSources) {
    }

    /** The descriptor accepted for the plugin's installed bundle. */
    Optional<PluginDescriptor> descriptor(String id) {
        PluginBundle bundle = bundles.get(id);
        Known known = bundle == null ? null : byBundle.get(bundle.bundleId());
        return Optional.ofNullable(known == null ? null : known.descriptor());
    }

    static boolean declares(PluginDescriptor descriptor, String capability) {
        if (descriptor == null || capability == null) {
            return false;
        }
        int colon = capability.indexOf(':');
        return colon > 0 && descriptor.capabilities().declares(capability.substring(0, colon), capability.substring(colon + 1));
    }

    PluginInfo grant(String id) {
        PluginRecord record = require(id);
        if (record.state() == PluginState.ERROR) {
            throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT,
                    "plugin " + id + " is in error and cannot be granted: " + record.error());
        }
        Set<String> granted = new TreeSet<>(record.granted());
        granted.addAll(record.requested());
        records.setGranted(id, granted);
        LOG.info("Granted plugin {} the permissions {}", id, granted);
        reevaluate(id);
        return info(require(id));
    }

    PluginInfo enable(String id) {
        require(id);
        records.setDisabled(id, false);
        PluginBundle current = bundles.get(id);
        if (current != null) {
            refusals.remove(current.bundleId()); // the admin asks to try again (e.g. after fixing its settings)
        }
        reevaluate(id);
        return info(require(id));
    }

    PluginInfo disable(String id) {
        require(id);
        records.setDisabled(id, true);
        reevaluate(id);
        return info(require(id));
    }

    /**
     * Deletes an uninstalled plugin's row and, in the same transaction, what each data owner
     * keeps for it (inbox items, sync state, ...); when one of them fails nothing is deleted.
     */
    void purge(String id, List<PluginDataOwner> owners) {
        require(id);
        if (bundles.containsKey(id)) {
            throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT,
                    "plugin " + id + " is still installed; uninstall its bundle first, then purge its data");
        }
        records.delete(id, () -> {
            for (PluginDataOwner owner : owners) {
                try {
                    int n = owner.purge(id);
                    LOG.debug("Purge of {}: {} deleted {}", id, owner.getClass().getName(), n);
                } catch (RuntimeException e) {
                    DevRigException d = e instanceof DevRigException de ? de : null;
                    throw new DevRigException(d == null ? ErrorCodes.INTERNAL_ERROR : d.code(),
                            d == null ? ErrorCategory.PERMANENT : d.category(), "purge of plugin " + id
                            + " failed in " + owner.getClass().getName() + " and was rolled back, nothing was deleted: "
                            + e.getMessage(), e);
                }
            }
        });
        flushed.remove(id);
        settingsCache.remove(id);
        LOG.info("Purged plugin {} and its data", id);
    }

    String settings(String id) {
        String cached = settingsCache.get(id);
        if (cached != null) {
            return cached;
        }
        require(id);
        String stored = records.settings(id);
        settingsCache.put(id, stored);
        return stored;
    }

    /** Validates and saves settings; nothing is saved when any check fails. */
    PluginInfo configure(String id, String json) {
        require(id);
        JsonNode settings;
        try {
            settings = JSON.readTree(json == null ? "" : json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "settings for " + id + " are not valid JSON: " + e.getOriginalMessage());
        }
        if (settings == null || !settings.isObject()) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "settings for " + id + " must be a JSON object");
        }
        PluginDescriptor descriptor = descriptor(id).orElseThrow(() -> new DevRigException(ErrorCodes.CONFLICT,
                ErrorCategory.PERMANENT,
                "plugin " + id + " is not installed or its descriptor is invalid; its settings cannot be checked"));
        String schemaPath = descriptor.settingsSchema();
        if (schemaPath == null) {
            if (!settings.isEmpty()) {
                throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                        "plugin " + id + " declares no settings schema, so it takes no settings");
            }
        } else {
            String schema = descriptor.schema(schemaPath).orElseThrow(); // the reader kept every schema it named
            List<String> problems = SchemaProblems.problems(schema, settings, "$");
            if (!problems.isEmpty()) {
                throw new DevRigException(io.devrig.api.error.DevRigError.of(ErrorCodes.INVALID_INPUT,
                        ErrorCategory.PERMANENT, "settings for " + id + " were not saved: " + String.join("; ", problems))
                        .withDetails(Map.of("errors", problems)));
            }
        }
        records.setSettings(id, settings.toString());
        settingsCache.put(id, settings.toString());
        LOG.info("Saved new settings of plugin {}", id);
        return info(require(id));
    }

    private void reevaluate(String id) {
        PluginBundle bundle = bundles.get(id);
        if (bundle != null) {
            bundleChanged(bundle);
        }
    }

    private PluginRecord require(String id) {
        return records.find(id).orElseThrow(() -> new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT,
                "no plugin with id '" + id + "'"));
    }

    List<PluginInfo> plugins() {
        List<PluginInfo> result = new ArrayList<>();
        for (PluginRecord r : records.all()) {
            result.add(info(r));
        }
        return result;
    }

    Optional<PluginInfo> plugin(String id) {
        return records.find(id).map(this::info);
    }

    /** Writes the calls counted since the last flush; run periodically and on shutdown. */
    void flushCounters() {
        for (PluginRecord r : records.all()) {
            PluginCallStats live = stats.apply(r.name());
            long[] done = flushed.computeIfAbsent(r.name(), n -> new long[2]);
            long executions = live.executionCount() - done[0];
            long failures = live.failureCount() - done[1];
            if (executions < 0 || failures < 0) { // the invoker forgot the plugin and counts afresh
                executions = live.executionCount();
                failures = live.failureCount();
            }
            if (executions > 0 || failures > 0) {
                records.addCounters(r.name(), executions, failures, live.lastExecutedAt(), live.lastError());
            }
            done[0] = live.executionCount();
            done[1] = live.failureCount();
        }
    }

    private PluginInfo info(PluginRecord r) {
        String category = "other";
        List<String> capabilities = new ArrayList<>();
        try {
            JsonNode manifest = JSON.readTree(r.manifest());
            category = manifest.path("category").asText("other");
            JsonNode caps = manifest.path("capabilities");
            for (String kind : List.of("dataSources", "actions", "aiPipelines", "views", "flowNodes", "hooks", "pages")) {
                String singular = kind.substring(0, kind.length() - 1);
                caps.path(kind).forEach(c -> capabilities.add(singular + ":" + c.path("id").asText()));
            }
        } catch (Exception unreadable) {
            // a row written for an invalid descriptor has no capabilities to show
        }
        // totals = what earlier runs flushed + what this run counted and has not flushed yet
        PluginCallStats live = stats.apply(r.name());
        long[] done = flushed.getOrDefault(r.name(), new long[2]);
        PluginRecord.Counters stored = r.counters();
        PluginCallStats total = new PluginCallStats(r.name(),
                stored.executions() + Math.max(0, live.executionCount() - done[0]),
                stored.failures() + Math.max(0, live.failureCount() - done[1]),
                live.lastExecutedAt() != null ? live.lastExecutedAt() : stored.lastExecutedAt(),
                live.lastError() != null ? live.lastError() : stored.lastError(), live.breaker(), live.retryAfterMs());
        List<String> told = new ArrayList<>(notices.getOrDefault(r.name(), List.of()));
        for (String refusal : refused.apply(r.name())) {
            told.add("refused by the sandbox: " + refusal);
        }
        return new PluginInfo(r.name(), r.version(), r.displayName(), r.description(), category, r.state(),
                r.requested(), r.granted(), capabilities, r.error(), total, unavailable(r.name()), told);
    }
}
