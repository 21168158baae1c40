package io.devrig.sdk.testkit;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.api.sync.DataSource;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonTrees;
import io.devrig.common.schema.SchemaProblems;
import io.devrig.testing.TestActionContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One plugin's SDK services in memory, and a runner for its data sources and actions,
 * without Karaf. Build one per test:
 *
 * <pre>{@code
 * PluginKit kit = PluginKit.fromBuild();          // target/classes: plugin.json as the host reads it
 * MySource source = new MySource(kit.inbox(), kit.http(), kit.settings());
 * kit.settings().set(Map.of("baseUrl", server.url()));
 * PluginKit.SyncCycle cycle = kit.sync(source, "tickets.open");
 * assertThat(kit.inbox().items()).hasSize(2);
 * }</pre>
 *
 * <p>Permissions are the host's: a call that needs a permission the descriptor does not ask
 * for fails with {@code PERMISSION_DENIED}, worded as in DevRig. HTTP goes to real servers,
 * but only to hosts the test allows ({@code 127.0.0.1} by default).
 */
public final class PluginKit {

    /** Pages one sync cycle may take before the runner calls it a loop. */
    static final int MAX_PAGES = 1_000;

    private final String pluginId;
    private final Set<String> granted;
    private final PluginDescriptor descriptor;
    private final FakePluginInbox inbox;
    private final FakePluginStorage storage = new FakePluginStorage(this);
    private final FakePluginSecrets secrets = new FakePluginSecrets(this);
    private final FakePluginSettings settings = new FakePluginSettings();
    private final RecordingPluginLog log = new RecordingPluginLog();
    private final RecordingPluginEvents events = new RecordingPluginEvents(this);
    private final LocalPluginHttp http = new LocalPluginHttp(this);
    private final Map<String, String> cursors = new LinkedHashMap<>();

    private PluginKit(String pluginId, Set<String> granted, PluginDescriptor descriptor) {
        this.pluginId = pluginId;
        this.granted = Set.copyOf(granted);
        this.descriptor = descriptor;
        this.inbox = new FakePluginInbox(this);
    }

    /**
     * The plugin this build produced: its {@code plugin.json} read from the build's classes
     * ({@code target/classes}, or the {@code devrig.plugin.classes} system property the plugin
     * parent sets) exactly as the plugin host reads it; granted what it asks for.
     *
     * @throws AssertionError with one line per problem when the descriptor is not valid
     */
    public static PluginKit fromBuild() {
        return fromBuild(BuiltPlugin.classesDirectory());
    }

    /** The plugin built into {@code classes} (a folder laid out like the bundle). */
    public static PluginKit fromBuild(Path classes) {
        BuiltPlugin built = BuiltPlugin.read(classes);
        if (built.descriptor() == null) {
            throw new AssertionError(String.join("\n", built.problems()));
        }
        return new PluginKit(built.descriptor().name(), built.descriptor().permissions(), built.descriptor());
    }

    /** A plugin without a descriptor: its id and the permissions it holds. */
    public static PluginKit of(String pluginId, Set<String> permissions) {
        return new PluginKit(pluginId, permissions, null);
    }

    public String pluginId() {
        return pluginId;
    }

    /** The descriptor, when the kit was made from the build. */
    public Optional<PluginDescriptor> descriptor() {
        return Optional.ofNullable(descriptor);
    }

    public FakePluginInbox inbox() {
        return inbox;
    }

    public FakePluginStorage storage() {
        return storage;
    }

    public FakePluginSecrets secrets() {
        return secrets;
    }

    public FakePluginSettings settings() {
        return settings;
    }

    public RecordingPluginLog log() {
        return log;
    }

    public RecordingPluginEvents events() {
        return events;
    }

    public LocalPluginHttp http() {
        return http;
    }

    /** An action context as the engine gives one (see {@link TestActionContext} for its defaults). */
    public TestActionContext context() {
        return new TestActionContext();
    }

    /** What one sync cycle did: pages called, items the pages say they stored, the cursor kept. */
    public record SyncCycle(int pages, int itemsSynced, String cursor) {
    }

    /**
     * One sync cycle, as the sync scheduler runs it: pages from 1 with the cursor of the last
     * cycle, until a page says {@code hasMore=false}; each page gets the current settings. The
     * cursor a page returns is kept for the next cycle (null keeps the old one). A failing page
     * ends the cycle with its exception, the cursor stays what the last good page returned.
     *
     * @param dataSourceId the id the source publishes as {@code devrig.capability=dataSource:<id>};
     *        when the kit has a descriptor it must declare it
     */
    public SyncCycle sync(DataSource source, String dataSourceId) throws Exception {
        if (descriptor != null && !descriptor.capabilities().declares(PluginDescriptor.DataSource.KIND, dataSourceId)) {
            throw new AssertionError("plugin.json declares no data source " + dataSourceId);
        }
        int items = 0;
        for (int page = 1; page <= MAX_PAGES; page++) {
            SyncResult result = source.sync(new SyncRequest(dataSourceId, cursors.get(dataSourceId), page, settings.get()));
            if (result == null) {
                throw new AssertionError("data source " + dataSourceId + " returned no SyncResult on page " + page);
            }
            if (result.cursor() != null) {
                cursors.put(dataSourceId, result.cursor());
            }
            items += result.itemsSynced();
            if (!result.hasMore()) {
                return new SyncCycle(page, items, cursors.get(dataSourceId));
            }
        }
        throw new AssertionError("data source " + dataSourceId + " still had more after " + MAX_PAGES + " pages");
    }

    /** The cursor kept for a data source, null before its first good page. */
    public String cursor(String dataSourceId) {
        return cursors.get(dataSourceId);
    }

    /** Runs an action with a fresh {@link #context()}; see {@link #act(ActionExecutor, String, String, ActionContext)}. */
    public String act(ActionExecutor action, String actionId, String inputJson) {
        return act(action, actionId, inputJson, context());
    }

    /**
     * Runs an action as the action registry does: the input is parsed with DevRig's strict
     * JSON reader and, when the descriptor names an input schema for the action, checked
     * against it ({@code INVALID_INPUT}, one problem per JSON path); a dry-run context calls
     * {@link ActionExecutor#preview} for an action with side effects. An exception other than
     * a {@link DevRigException} becomes {@code PLUGIN_ERROR} (category plugin), as in DevRig.
     *
     * @return the output as JSON text ({@code null} for none)
     * @throws DevRigException the error DevRig would report
     */
    public String act(ActionExecutor action, String actionId, String inputJson, ActionContext context) {
        PluginDescriptor.Action declared = null;
        if (descriptor != null) {
            declared = descriptor.capabilities().action(actionId)
                    .orElseThrow(() -> new AssertionError("plugin.json declares no action " + actionId));
        }
        Object input;
        try {
            input = inputJson == null ? null : JsonTrees.toJava(Json.MAPPER.readTree(inputJson));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "action " + actionId + ": the input is not valid JSON: " + e.getMessage());
        }
        if (declared != null) {
            Optional<String> schema = descriptor.schema(declared.inputSchema());
            if (schema.isPresent()) {
                List<String> problems = SchemaProblems.problems(schema.get(), JsonTrees.toTree(input), "$");
                if (!problems.isEmpty()) {
                    throw new DevRigException(DevRigError.of(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                            "action " + actionId + ": invalid input: " + String.join("; ", problems)));
                }
            }
        }
        Object output;
        try {
            boolean preview = context.dryRun() && (declared == null || declared.sideEffects());
            output = preview ? action.preview(input, context) : action.execute(input, context);
        } catch (DevRigException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.CANCELLED, "action " + actionId + " was interrupted", e);
        } catch (Exception e) {
            throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN,
                    "plugin " + pluginId + " failed in action " + actionId + ": " + e, e);
        }
        try {
            return output == null ? null : Json.MAPPER.writeValueAsString(JsonTrees.toTree(output));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new AssertionError("action " + actionId + " returned something that is not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The host's permission check: {@code PERMISSION_DENIED} naming the plugin and the
     * permission unless the plugin holds it (null: a call every plugin may make).
     */
    void check(String permission) {
        if (permission != null && !granted.contains(permission)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("pluginId", pluginId);
            details.put("permission", permission);
            throw new DevRigException(DevRigError.of(ErrorCodes.PERMISSION_DENIED, ErrorCategory.PERMANENT,
                    "plugin " + pluginId + " does not have the permission '" + permission + "' (granted: "
                            + (granted.isEmpty() ? "none" : String.join(", ", new TreeSet<>(granted))) + ")")
                    .withDetails(details));
        }
    }
}
