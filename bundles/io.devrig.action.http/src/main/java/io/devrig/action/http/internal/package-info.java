/**
 * The built-in HTTP actions: {@link io.devrig.action.http.internal.HttpRequestAction}
 * ({@code http.request}) and {@link io.devrig.action.http.internal.GraphqlAction}
 * ({@code http.graphql}). Both send only through {@link io.devrig.api.http.OutboundHttp}, so
 * the destination policy of io.devrig.http (SSRF) applies to every request and redirect, and
 * take credentials only as vault secret names ({@link io.devrig.action.http.internal.Secrets}
 * resolves them and masks their values in everything the call returns or throws). The shared
 * request building and response reading is {@link io.devrig.action.http.internal.HttpCall}; the
 * fields both hold are in {@link io.devrig.action.http.internal.OutboundAction}.
 * What each action is (name, description, schemas) is declared in
 * {@code OSGI-INF/devrig/actions.json}. Not exported.
 */
package io.devrig.action.http.internal;
