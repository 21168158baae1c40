/**
 * The template engine: {@link io.devrig.template.internal.Lexer} and
 * {@link io.devrig.template.internal.Parser} turn a source into an immutable tree of
 * {@link io.devrig.template.internal.Node}s and {@link io.devrig.template.internal.Expr}s,
 * {@link io.devrig.template.internal.Renderer} walks it against a Jackson tree, and
 * {@link io.devrig.template.internal.TemplateEngineComponent} publishes it all as
 * {@link io.devrig.api.template.TemplateEngine}. Nothing here evaluates code: a path is a
 * chain of key and index lookups in the data, and the seven helpers are a closed enum.
 * Not exported.
 */
package io.devrig.template.internal;
