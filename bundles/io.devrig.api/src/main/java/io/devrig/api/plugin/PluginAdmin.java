package io.devrig.api.plugin;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Administration of plugins, for the shell, the web console and REST. Every change is
 * stored and survives restarts. Failures are {@link io.devrig.api.error.DevRigException}s
 * ({@code NOT_FOUND} for an unknown plugin id, {@code CONFLICT} for a transition that does
 * not apply, such as granting a plugin in error).
 */
@ProviderType
public interface PluginAdmin {

    /** Every plugin DevRig knows, sorted by id. */
    List<PluginInfo> plugins();

    Optional<PluginInfo> plugin(String id);

    /**
     * The descriptor the host accepted for the plugin's installed bundle: what it declares
     * (capabilities, permissions, settings schema) and the text of the schema files it names.
     * Empty for an unknown plugin, one whose bundle is not installed, or one whose descriptor
     * was refused (see {@link PluginInfo#error()}). Answers from memory on any thread.
     */
    Optional<PluginDescriptor> descriptor(String id);

    /**
     * The JSON Schema (draft 2020-12) every {@code plugin.json} is checked against, as text:
     * for REST, the web console and editors to serve. DevRig checks more than it can say
     * (name and version against the bundle, referenced files, unique ids, permissions).
     */
    String descriptorSchema();

    /** Grants every permission the plugin asks for; an awaiting plugin becomes active. */
    PluginInfo grant(String id);

    /** Starts a disabled plugin again (it becomes active, or awaits approval if it needs more permissions). */
    PluginInfo enable(String id);

    /** Stops a plugin and keeps it stopped across restarts; its data and grants stay. */
    PluginInfo disable(String id);

    /**
     * Forgets an uninstalled plugin and deletes its data (row, settings, grants, storage and
     * everything else that references it). Uninstalling keeps the data; purging is the
     * admin's separate choice. Secrets named {@code <id>/...} stay in the vault.
     *
     * @throws io.devrig.api.error.DevRigException {@code CONFLICT} while the plugin's bundle is installed
     */
    void purge(String id);

    /**
     * The plugin's settings as a JSON object ({@code {}} when none were saved): the one place
     * a plugin's own settings live (folders, API URLs, ...), read by all its actions and data
     * sources through {@link io.devrig.api.plugin.sdk.PluginSettings}. Scheduling of its data
     * sources is the sync scheduler's ({@code io.devrig.api.sync.SyncSettings}).
     */
    String settings(String id);

    /**
     * Validates {@code json} against the plugin's settings schema (the descriptor's
     * {@code settingsSchema}) and saves it as the plugin's whole settings object; the
     * plugin's components are told through their {@link io.devrig.api.plugin.sdk.PluginSettings}
     * listeners before this returns.
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} naming the JSON path
     *         of each error (also listed in the error's details under {@code errors}); nothing is saved
     */
    PluginInfo configure(String id, String json);
}
