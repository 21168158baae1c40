/**
 * The unified inbox implementation: {@link io.devrig.inbox.internal.InboxStore} (the
 * {@code inbox_items} table and its FTS5 index: validated batch upserts with change
 * detection, filters, ranked search, state changes, stats), {@link io.devrig.inbox.internal.ItemActions}
 * (inbox actions through the action registry), {@link io.devrig.inbox.internal.SnoozeWaker}
 * (snoozed items come back by themselves) and the DS components that publish
 * {@link io.devrig.api.inbox.Inbox} and the bundle-scoped
 * {@link io.devrig.api.plugin.sdk.PluginInbox}. Plain Java below the components, so it is
 * unit-tested without a framework. Not exported.
 */
package io.devrig.inbox.internal;
