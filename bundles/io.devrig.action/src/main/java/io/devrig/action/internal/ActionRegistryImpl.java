package io.devrig.action.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.action.ActionHook;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionMetrics;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.template.TemplateEngine;
import io.devrig.common.action.ItemInput;
import io.devrig.common.json.JsonTrees;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The action registry and the call pipeline of seed architecture §8.3, in plain Java: the
 * DS component feeds it executor and hook services and publishes it.
 *
 * <p>Built-in actions run on the caller's thread (trusted core code; a hand-off to another
 * thread would add to every workflow step) under a {@link CallTimer} limit. Plugin actions
 * run through the {@link PluginInvoker}: the plugin's own threads, time limit, cancellation
 * and circuit breaker.
 */
public final class ActionRegistryImpl implements ActionRegistry, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActionRegistryImpl.class);

    /** How many problems an error or warning message lists; the details carry them all. */
    static final int LISTED_PROBLEMS = 3;
    private static final int MAX_TEXT = 500;

    private final ActionTable table = new ActionTable();
    private final Hooks hooks = new Hooks();
    private final Metrics metrics = new Metrics();
    private final SchemaCheck schemas = new SchemaCheck();
    private final CallTimer timer = new CallTimer();
    private final ConfigResolver resolver;
    private final Supplier<PluginInvoker> invoker;

    /**
     * @param templates compiles the config's templates
     * @param invoker the plugin invoker now, or null when the plugin host is not there
     *        (built-in actions still work; plugin actions then fail without being called)
     */
    public ActionRegistryImpl(TemplateEngine templates, Supplier<PluginInvoker> invoker) {
        this.resolver = new ConfigResolver(templates);
        this.invoker = Objects.requireNonNull(invoker, "invoker");
    }

    // ---- whiteboard ------------------------------------------------------------------

    /**
     * Adds a published executor.
     *
     * @param pluginId the providing plugin (bundle symbolic name), null for a built-in
     * @param capability the service's {@code devrig.capability} property (a plugin's
     *        executor must carry {@code action:<type>})
     * @param origin who published it, for log lines
     * @return whether it was accepted
     */
    public boolean addExecutor(ActionExecutor executor, String pluginId, Object capability, int ranking,
            long serviceId, String origin) {
        ActionDescriptor descriptor;
        try {
            descriptor = executor.descriptor();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Ignoring action executor service {} of {}: its descriptor() threw {}", serviceId, origin,
                    e.toString());
            return false;
        }
        if (descriptor == null) {
            LOG.warn("Ignoring action executor service {} of {}: its descriptor() is null", serviceId, origin);
            return false;
        }
        if (pluginId != null && !declares(capability, "action:" + descriptor.type())) {
            LOG.warn("Ignoring action executor service {} of plugin {}: its {} property is {}, expected action:{}",
                    serviceId, pluginId, PluginConstants.CAPABILITY_PROPERTY, capability, descriptor.type());
            return false;
        }
        table.add(new ActionTable.Entry(executor, descriptor, pluginId, ranking, serviceId, origin));
        return true;
    }

    public void removeExecutor(long serviceId) {
        table.remove(serviceId);
    }

    public void addHook(ActionHook hook, int ranking, long serviceId) {
        hooks.add(hook, ranking, serviceId);
    }

    /** A plugin's declared hook: called through the plugin invoker with {@link PluginHook#TIME_LIMIT}. */
    public void addPluginHook(ActionHook hook, String pluginId, String capability, int ranking, long serviceId) {
        addPluginHook(hook, pluginId, capability, ranking, serviceId, PluginHook.TIME_LIMIT);
    }

    void addPluginHook(ActionHook hook, String pluginId, String capability, int ranking, long serviceId,
            java.time.Duration limit) {
        hooks.add(new PluginHook(hook, pluginId, capability, invoker, limit), ranking, serviceId);
    }

    public void removeHook(long serviceId) {
        hooks.remove(serviceId);
    }

    private static boolean declares(Object capability, String expected) {
        if (capability instanceof String s) {
            return s.equals(expected);
        }
        if (capability instanceof String[] array) {
            return List.of(array).contains(expected);
        }
        if (capability instanceof Collection<?> list) {
            return list.contains(expected);
        }
        return false;
    }

    // ---- catalog ---------------------------------------------------------------------

    @Override
    public List<ActionDescriptor> list() {
        return table.all().stream().map(ActionTable.Entry::descriptor).toList();
    }

    @Override
    public List<ActionDescriptor> listByCategory(String category) {
        return table.all().stream().map(ActionTable.Entry::descriptor).filter(d -> d.category().equals(category))
                .toList();
    }

    @Override
    public Optional<ActionDescriptor> descriptor(String type) {
        return Optional.ofNullable(table.get(type)).map(ActionTable.Entry::descriptor);
    }

    @Override
    public Optional<String> pluginId(String type) {
        return Optional.ofNullable(table.get(type)).map(ActionTable.Entry::pluginId);
    }

    @Override
    public List<ActionMetrics> metrics() {
        return metrics.snapshot();
    }

    // ---- config ----------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * @throws DevRigException {@code ACTION_CONFIG_UNRESOLVED} naming the config value's JSON path
     */
    @Override
    public Object resolve(Map<String, Object> config, Map<String, Object> data) {
        return resolver.resolve(config == null ? Map.of() : config, data);
    }

    @Override
    public List<String> validateConfig(String type, Map<String, Object> config) {
        ActionTable.Entry entry = table.get(type);
        if (entry == null || entry.descriptor().inputSchema() == null) {
            return List.of();
        }
        Map<String, Object> cfg = config == null ? Map.of() : config;
        List<List<Object>> runtime = new ArrayList<>();
        collectRuntimeValues(cfg, Location.ROOT, runtime);
        JsonNode tree;
        try {
            tree = JsonTrees.toTree(cfg);
        } catch (JsonTrees.NotJsonException e) {
            return List.of(e.getMessage());
        }
        try {
            return schemas.check(entry.type(), entry.descriptor().inputSchema(), tree).stream()
                    .filter(p -> runtime.stream().noneMatch(p::within)).map(SchemaCheck.Problem::text).toList();
        } catch (SchemaCheck.BadSchemaException e) {
            return List.of("$: the input schema of action " + type + " cannot be used: " + e.getMessage());
        }
    }

    /** Where the templates and value references are: only known at run time, so not checked now. */
    private static void collectRuntimeValues(Object value, Location at, List<List<Object>> out) {
        if (ConfigResolver.isRuntimeValue(value)) {
            out.add(at.steps());
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (k instanceof String key) {
                    collectRuntimeValues(v, at.key(key), out);
                }
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectRuntimeValues(list.get(i), at.index(i), out);
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws DevRigException when the executor's migration fails (a plugin's through the
     *         plugin invoker, with its errors)
     */
    @Override
    public Map<String, Object> migrateConfig(String type, int fromVersion, Map<String, Object> config) {
        ActionTable.Entry entry = table.get(type);
        if (entry == null || fromVersion >= entry.descriptor().configVersion()) {
            return config;
        }
        ActionExecutor executor = entry.executor();
        Map<String, Object> migrated;
        if (entry.pluginId() != null) {
            migrated = requireInvoker(entry).invoke(entry.pluginId(), "action:" + type + ":migrate",
                    () -> executor.migrate(fromVersion, config));
        } else {
            try {
                migrated = executor.migrate(fromVersion, config);
            } catch (DevRigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DevRigException(ActionErrors.ACTION_FAILED, ErrorCategory.PERMANENT, "migrating the config of "
                        + type + " from version " + fromVersion + " failed: " + describe(e), e);
            }
        }
        return migrated == null ? config : migrated;
    }

    private PluginInvoker requireInvoker(ActionTable.Entry entry) {
        PluginInvoker current = invoker.get();
        if (current == null) {
            throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN, "action " + entry.type()
                    + " belongs to plugin " + entry.pluginId() + " but the plugin host is not running");
        }
        return current;
    }

    // ---- the pipeline ----------------------------------------------------------------

    @Override
    public ActionOutcome execute(ActionInvocation invocation) {
        Objects.requireNonNull(invocation, "invocation");
        ActionContext ctx = invocation.context();
        ActionTable.Entry entry = table.get(invocation.type());
        if (entry == null) {
            DevRigError unknown = DevRigError.of(ActionErrors.ACTION_UNKNOWN, ErrorCategory.TRANSIENT,
                    "no action of type '" + bounded(invocation.type(), 120)
                            + "' is available: it is not installed, or its plugin is stopped or being updated")
                    .withRetryable(true);
            return new ActionOutcome(null, null, stamp(unknown, ctx), List.of(), false, 0);
        }
        ActionOutcome outcome;
        try {
            outcome = pipeline(entry, invocation);
        } catch (RuntimeException | LinkageError | StackOverflowError bug) {
            // a bug here must not look like a throwing action to the engine
            LOG.error("Action pipeline failed for {}", entry.type(), bug);
            outcome = new ActionOutcome(null, null, stamp(DevRigError.of(ErrorCodes.INTERNAL_ERROR,
                    ErrorCategory.PLUGIN, "the action pipeline failed: " + describe(bug)), ctx), List.of(), false, 0);
        }
        metrics.of(entry.type()).record(!outcome.succeeded(), outcome.durationMs());
        return outcome;
    }

    private ActionOutcome pipeline(ActionTable.Entry entry, ActionInvocation invocation) {
        ActionDescriptor d = entry.descriptor();
        ActionContext ctx = invocation.context();

        // 1. templates and value references
        Map<String, Object> input;
        try {
            input = resolver.resolve(invocation.config(), invocation.data());
        } catch (DevRigException e) {
            return failed(null, e.error(), ctx, List.of(), false, 0);
        }

        // 1b. on an inbox item: required fields the input lacks come from the item's metadata
        Optional<InboxItem> item = ctx.item();
        if (item.isPresent()) {
            ItemInput.Filled filled = ItemInput.fill(input, d.inputSchema(), item.get().metadata());
            input = filled.input();
            if (!filled.missing().isEmpty()) {
                String name = filled.missing().get(0);
                return failed(input, DevRigError.of(ActionErrors.ACTION_INPUT_INVALID, ErrorCategory.PERMANENT,
                        "$." + name + ": required by action " + d.type() + ": give \"" + name + "\" in the input;"
                        + " the item's metadata has no '" + name + "' to take it from")
                        .withDetails(Map.of("missing", filled.missing())), ctx, List.of(), false, 0);
            }
        }

        // 2. the input schema
        DevRigError invalid = checkInput(d, input);
        if (invalid != null) {
            return failed(input, invalid, ctx, List.of(), false, 0);
        }

        // 3. pre-hooks; exactly the hooks whose before() ran get after()
        List<Hooks.Hook> snapshot = hooks.snapshot();
        int called = 0;
        DevRigError veto = null;
        for (Hooks.Hook h : snapshot) {
            called++;
            try {
                h.hook().before(d, input, ctx);
            } catch (DevRigException e) {
                veto = e.error();
                break;
            } catch (RuntimeException | LinkageError e) {
                veto = DevRigError.of(ActionErrors.ACTION_VETOED, ErrorCategory.PERMANENT, "a pre-hook ("
                        + name(h.hook().getClass()) + ") refused action " + d.type() + ": " + describe(e));
                break;
            }
        }

        // 4.-5. execution (or preview) and the output schema
        ActionOutcome outcome = veto != null ? failed(input, veto, ctx, List.of(), false, 0)
                : run(entry, input, invocation);

        // 6. post-hooks: they must not throw, and if they do it changes nothing
        for (int i = 0; i < called; i++) {
            ActionHook hook = snapshot.get(i).hook();
            try {
                hook.after(d, outcome, ctx);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Post-hook {} of action {} threw {}", name(hook.getClass()), d.type(), describe(e));
            }
        }
        return outcome;
    }

    private DevRigError checkInput(ActionDescriptor d, Map<String, Object> input) {
        if (d.inputSchema() == null) {
            return null;
        }
        List<String> problems;
        try {
            problems = schemas.check(d.type(), d.inputSchema(), JsonTrees.toTree(input)).stream()
                    .map(SchemaCheck.Problem::text).toList();
        } catch (JsonTrees.NotJsonException e) {
            problems = List.of(e.getMessage());
        } catch (SchemaCheck.BadSchemaException e) {
            // the action's own schema is broken: its author's fault, not the node's
            return DevRigError.of(ActionErrors.ACTION_FAILED, ErrorCategory.PLUGIN,
                    "the input schema of action " + d.type() + " cannot be used: " + e.getMessage());
        }
        if (problems.isEmpty()) {
            return null;
        }
        return DevRigError.of(ActionErrors.ACTION_INPUT_INVALID, ErrorCategory.PERMANENT,
                "the input of action " + d.type() + " does not match its schema: " + summary(problems))
                .withDetails(Map.of("problems", problems));
    }

    private ActionOutcome run(ActionTable.Entry entry, Map<String, Object> input, ActionInvocation invocation) {
        ActionDescriptor d = entry.descriptor();
        ActionContext ctx = invocation.context();
        if (ctx.cancelled()) {
            return failed(input, cancelled(d), ctx, List.of(), false, 0);
        }
        boolean preview = ctx.dryRun() && d.sideEffects();
        ActionExecutor executor = entry.executor();
        Object output = null;
        DevRigError error;
        long start = System.nanoTime();
        if (entry.pluginId() != null) {
            error = null;
            try {
                PluginInvoker current = requireInvoker(entry);
                output = current.invoke(entry.pluginId(), "action:" + d.type(), invocation.timeout(),
                        () -> preview ? executor.preview(input, ctx) : executor.execute(input, ctx));
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                error = classify(e, false, d, ctx, invocation.timeout());
            }
        } else {
            Throwable thrown = null;
            boolean expired;
            CallTimer.Watch watch = timer.start(invocation.timeout());
            try {
                output = preview ? executor.preview(input, ctx) : executor.execute(input, ctx);
            } catch (Exception | LinkageError | StackOverflowError | AssertionError e) {
                thrown = e;
            } finally {
                expired = watch.finish();
            }
            // an action that returned is done, even if the limit expired a moment before
            error = thrown == null ? null : classify(thrown, expired, d, ctx, invocation.timeout());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (error != null) {
            return failed(input, error, ctx, List.of(), preview, millis);
        }
        List<String> warnings = preview ? List.of() : checkOutput(d, output, ctx);
        return new ActionOutcome(input, output, null, warnings, preview, millis);
    }

    private static DevRigError classify(Throwable t, boolean expired, ActionDescriptor d, ActionContext ctx,
            Duration timeout) {
        if (expired) {
            return DevRigError.of(ActionErrors.ACTION_TIMEOUT, ErrorCategory.TIMEOUT, "action " + d.type()
                    + " did not finish within " + timeout.toMillis() + " ms and was interrupted");
        }
        boolean flagged = Thread.currentThread().isInterrupted();
        if ((flagged || causedByInterrupt(t)) && (flagged || ctx.cancelled())) {
            Thread.currentThread().interrupt(); // the canceller's signal stays visible to the engine
            return cancelled(d);
        }
        if (t instanceof DevRigException e) {
            if (ErrorCodes.PLUGIN_TIMEOUT.equals(e.code())) {
                // the invoker's time limit: one code for every action timeout
                return DevRigError.of(ActionErrors.ACTION_TIMEOUT, ErrorCategory.TIMEOUT, e.error().message())
                        .withDetails(e.error().details()).withDetails(Map.of("cause", e.code()));
            }
            return e.error();
        }
        return DevRigError.of(ActionErrors.ACTION_FAILED, ErrorCategory.PLUGIN, describe(t));
    }

    private static DevRigError cancelled(ActionDescriptor d) {
        return DevRigError.of(ActionErrors.ACTION_CANCELLED, ErrorCategory.CANCELLED,
                "action " + d.type() + " was cancelled");
    }

    private static boolean causedByInterrupt(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InterruptedException || c instanceof InterruptedIOException
                    || c instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    private List<String> checkOutput(ActionDescriptor d, Object output, ActionContext ctx) {
        if (d.outputSchema() == null) {
            return List.of();
        }
        List<String> problems;
        try {
            problems = schemas.check(d.type(), d.outputSchema(), JsonTrees.toTree(output)).stream()
                    .map(SchemaCheck.Problem::text).toList();
        } catch (JsonTrees.NotJsonException e) {
            problems = List.of(e.getMessage());
        } catch (SchemaCheck.BadSchemaException e) {
            problems = List.of("$: the output schema cannot be used: " + e.getMessage());
        }
        if (problems.isEmpty()) {
            return List.of();
        }
        String warning = "the output of action " + d.type() + " does not match its output schema: "
                + summary(problems);
        try {
            ctx.log(ActionContext.LogLevel.WARN, warning);
        } catch (RuntimeException e) {
            LOG.warn("Could not write to the run log of action {}: {}", d.type(), e.toString());
        }
        return List.of(warning);
    }

    private static ActionOutcome failed(Object input, DevRigError error, ActionContext ctx, List<String> warnings,
            boolean previewed, long millis) {
        return new ActionOutcome(input, null, stamp(error, ctx), warnings, previewed, millis);
    }

    /** The error attributed to the context's run and node. */
    private static DevRigError stamp(DevRigError error, ActionContext ctx) {
        String run = ctx.runId() != null ? ctx.runId() : error.runId();
        String node = ctx.nodeId() != null ? ctx.nodeId() : error.nodeId();
        return error.withRun(run, node);
    }

    private static String summary(List<String> problems) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(LISTED_PROBLEMS, problems.size()); i++) {
            sb.append(i == 0 ? "" : "; ").append(problems.get(i));
        }
        if (problems.size() > LISTED_PROBLEMS) {
            sb.append(" (and ").append(problems.size() - LISTED_PROBLEMS).append(" more)");
        }
        return sb.toString();
    }

    /** {@code SimpleName: message}, one line and bounded: never a stack trace. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        String text = message == null || message.isBlank() ? name(t.getClass()) : name(t.getClass()) + ": " + message;
        return bounded(text.replace('\r', ' ').replace('\n', ' '), MAX_TEXT);
    }

    private static String name(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }

    private static String bounded(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "…" : text;
    }

    @Override
    public void close() {
        timer.close();
    }
}
