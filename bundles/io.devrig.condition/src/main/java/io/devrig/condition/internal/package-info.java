/**
 * The condition engine implementation. {@link io.devrig.condition.internal.ConditionParser}
 * checks an expression strictly and builds a tree of
 * {@link io.devrig.condition.internal.Expr} and {@link io.devrig.condition.internal.Ref}
 * (regular expressions compiled once, there); {@link io.devrig.condition.internal.Values}
 * holds the strict typing rules, {@link io.devrig.condition.internal.RegexGuard} the ReDoS
 * guard, {@link io.devrig.condition.internal.CustomConditions} the 500 ms plugin calls.
 * {@link io.devrig.condition.internal.ConditionEngineImpl} is the plain-Java engine;
 * {@link io.devrig.condition.internal.ConditionEngineComponent} publishes it with the
 * plugins' {@link io.devrig.api.condition.CustomCondition} whiteboard. Not exported.
 */
package io.devrig.condition.internal;
