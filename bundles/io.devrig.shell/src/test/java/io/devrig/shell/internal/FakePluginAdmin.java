package io.devrig.shell.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A plugin host in memory, behaving as the real one promises: NOT_FOUND for an unknown id,
 * CONFLICT for granting a plugin in error, INVALID_INPUT with {@code errors} details for
 * settings its "schema" refuses, and a settable failure for every call.
 */
final class FakePluginAdmin implements PluginAdmin {

    private final TreeMap<String, PluginInfo> plugins = new TreeMap<>();
    private final Map<String, String> settings = new HashMap<>();
    private final List<String> schemaErrors = new ArrayList<>();
    private String schemaMessage = "invalid settings";
    private DevRigException failure;
    final List<String> calls = new ArrayList<>();

    /** Adds (or replaces) a plugin with no call figures yet. */
    FakePluginAdmin add(String id, PluginState state, Set<String> requested, Set<String> granted) {
        return add(info(id, state, requested, granted, List.of(), null, stats(id, 0, 0)));
    }

    FakePluginAdmin add(PluginInfo info) {
        plugins.put(info.id(), info);
        return this;
    }

    static PluginInfo info(String id, PluginState state, Set<String> requested, Set<String> granted,
            List<String> capabilities, String error, PluginCallStats stats) {
        return new PluginInfo(id, "1.0.0", "Plugin " + id, "What " + id + " does", "tools", state,
                requested, granted, capabilities, error, stats);
    }

    static PluginCallStats stats(String id, long executions, long failures) {
        return new PluginCallStats(id, executions, failures, null, null, PluginCallStats.BreakerState.CLOSED, 0);
    }

    /** Makes every following call throw {@code e}. */
    FakePluginAdmin failWith(DevRigException e) {
        this.failure = e;
        return this;
    }

    /** Makes configure refuse every JSON with these problems under the {@code errors} detail. */
    FakePluginAdmin refuseSettings(String message, String... problems) {
        this.schemaMessage = message;
        this.schemaErrors.addAll(List.of(problems));
        return this;
    }

    String savedSettings(String id) {
        return settings.get(id);
    }

    FakePluginAdmin withSettings(String id, String json) {
        settings.put(id, json);
        return this;
    }

    @Override
    public List<PluginInfo> plugins() {
        check("plugins");
        // reverse order on purpose: the command sorts, whatever the host returns
        return new ArrayList<>(plugins.descendingMap().values());
    }

    @Override
    public Optional<PluginInfo> plugin(String id) {
        check("plugin " + id);
        return Optional.ofNullable(plugins.get(id));
    }

    @Override
    public PluginInfo grant(String id) {
        check("grant " + id);
        PluginInfo p = require(id);
        if (p.state() == PluginState.ERROR) {
            throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT,
                    "plugin " + id + " is in error and cannot be granted: " + p.error());
        }
        Set<String> granted = new LinkedHashSet<>(p.grantedPermissions());
        granted.addAll(p.requestedPermissions());
        PluginState state = p.state() == PluginState.AWAITING_APPROVAL ? PluginState.ACTIVE : p.state();
        return put(p, state, granted);
    }

    @Override
    public PluginInfo enable(String id) {
        check("enable " + id);
        PluginInfo p = require(id);
        PluginState state = p.state() != PluginState.DISABLED ? p.state()
                : p.pendingPermissions().isEmpty() ? PluginState.ACTIVE : PluginState.AWAITING_APPROVAL;
        return put(p, state, p.grantedPermissions());
    }

    @Override
    public PluginInfo disable(String id) {
        check("disable " + id);
        return put(require(id), PluginState.DISABLED, require(id).grantedPermissions());
    }

    @Override
    public void purge(String id) {
        check("purge " + id);
        PluginInfo p = require(id);
        if (p.state() != PluginState.INSTALLED) {
            throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT,
                    "plugin " + id + " is still installed; uninstall its bundle first, then purge its data");
        }
        plugins.remove(id);
        settings.remove(id);
    }

    @Override
    public java.util.Optional<io.devrig.api.plugin.PluginDescriptor> descriptor(String id) {
        return java.util.Optional.empty();
    }

    @Override
    public String descriptorSchema() {
        return "{}";
    }

    @Override
    public String settings(String id) {
        check("settings " + id);
        require(id);
        return settings.getOrDefault(id, "{}");
    }

    @Override
    public PluginInfo configure(String id, String json) {
        check("configure " + id);
        PluginInfo p = require(id);
        if (!schemaErrors.isEmpty()) {
            throw new DevRigException(DevRigError.of(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, schemaMessage)
                    .withDetails(Map.of("errors", List.copyOf(schemaErrors))));
        }
        settings.put(id, json);
        return p;
    }

    private PluginInfo put(PluginInfo p, PluginState state, Set<String> granted) {
        PluginInfo changed = new PluginInfo(p.id(), p.version(), p.displayName(), p.description(), p.category(), state,
                p.requestedPermissions(), Set.copyOf(granted), p.capabilities(), p.error(), p.stats());
        plugins.put(p.id(), changed);
        return changed;
    }

    private PluginInfo require(String id) {
        PluginInfo p = plugins.get(id);
        if (p == null) {
            throw new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, "no plugin with id '" + id + "'");
        }
        return p;
    }

    private void check(String call) {
        calls.add(call);
        if (failure != null) {
            throw failure;
        }
    }
}
