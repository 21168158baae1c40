/**
 * The unified inbox (seed architecture §2.5, §2.6, App. A): items that plugins' data
 * sources store, and the operations users perform on them.
 *
 * <p>A plugin with the {@code inbox:write} permission writes through the bundle-scoped
 * {@link io.devrig.api.plugin.sdk.PluginInbox} (it only ever sees its own items); users
 * and the faces (shell, REST, web console) use the {@link io.devrig.api.inbox.Inbox}
 * service. Changes are published on Event Admin under {@link io.devrig.api.inbox.InboxEvents}.
 */
@Version("1.2.0")
package io.devrig.api.inbox;

import org.osgi.annotation.versioning.Version;
