/**
 * The built-in notification actions: {@link io.devrig.action.notify.internal.NotifyInboxAction}
 * ({@code notify.inbox}: an item in the user's inbox, through the inbox API) and
 * {@link io.devrig.action.notify.internal.NotifyWebhookAction} ({@code notify.webhook}: a JSON
 * POST sent as an {@code http.request} through the action registry, so it gets the SSRF-safe
 * client, vault secrets and status handling of io.devrig.action.http). Declared in
 * {@code OSGI-INF/devrig/actions.json}. Not exported.
 */
package io.devrig.action.notify.internal;
