/**
 * The GitHub plugin: a small GitHub REST client over the SDK's {@code PluginHttp}, the
 * notifications and pull-request data sources, and the comment, create-issue and merge actions.
 */
package io.devrig.plugin.github.internal;
