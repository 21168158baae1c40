package io.devrig.testing;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ActionExecutor} whose work is a lambda, and which remembers how it was called:
 * executions and previews counted, the threads it ran on, the contexts it was given.
 * {@code TestExecutor.of("data.echo", (input, ctx) -> input)}, or with a builder:
 * {@code TestExecutor.builder("mail.send").sideEffects(true).input(schema).body(...).build()}.
 * Not final: a test may override {@code migrate} or {@code descriptor}.
 */
public class TestExecutor implements ActionExecutor {

    /** What the action does. */
    @FunctionalInterface
    public interface Body {
        Object run(Object input, ActionContext context) throws Exception;
    }

    private final ActionDescriptor descriptor;
    private final Body body;
    private final AtomicInteger executions = new AtomicInteger();
    private final AtomicInteger previews = new AtomicInteger();
    private final Set<String> threads = new CopyOnWriteArraySet<>();
    private final List<ActionContext> contexts = new CopyOnWriteArrayList<>();

    public TestExecutor(ActionDescriptor descriptor, Body body) {
        this.descriptor = descriptor;
        this.body = body;
    }

    /** An executor of {@code type} without schemas or side effects. */
    public static TestExecutor of(String type, Body body) {
        return builder(type).body(body).build();
    }

    public static Builder builder(String type) {
        return new Builder(type);
    }

    @Override
    public ActionDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Object execute(Object input, ActionContext context) throws Exception {
        executions.incrementAndGet();
        threads.add(Thread.currentThread().getName());
        contexts.add(context);
        return body.run(input, context);
    }

    /** Counts the preview, then previews as every executor does by default. */
    @Override
    public Object preview(Object input, ActionContext context) {
        previews.incrementAndGet();
        contexts.add(context);
        return ActionExecutor.super.preview(input, context);
    }

    /** How many times {@link #execute} ran. */
    public AtomicInteger executions() {
        return executions;
    }

    /** How many times {@link #preview} ran. */
    public AtomicInteger previews() {
        return previews;
    }

    /** The names of the threads {@link #execute} ran on, each once, in the order first used. */
    public Set<String> threads() {
        return threads;
    }

    /** The contexts of the executions and previews, in order. */
    public List<ActionContext> contexts() {
        return contexts;
    }

    /** Builds a {@link TestExecutor}; the descriptor is {@link ActionDescriptor#of} plus what is set. */
    public static final class Builder {
        private final String type;
        private String name;
        private String description;
        private String category;
        private String inputSchema;
        private String outputSchema;
        private boolean sideEffects;
        private boolean idempotent;
        private int configVersion = 1;
        private Body body = (input, context) -> input;

        Builder(String type) {
            this.type = type;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder category(String value) {
            category = value;
            return this;
        }

        /** The input JSON Schema as text. */
        public Builder input(String schema) {
            inputSchema = schema;
            return this;
        }

        /** The output JSON Schema as text. */
        public Builder output(String schema) {
            outputSchema = schema;
            return this;
        }

        public Builder sideEffects(boolean value) {
            sideEffects = value;
            return this;
        }

        /** Its side effects are idempotent ({@link ActionDescriptor#idempotent()}). */
        public Builder idempotent(boolean value) {
            idempotent = value;
            return this;
        }

        public Builder configVersion(int value) {
            configVersion = value;
            return this;
        }

        /** The work; without one the executor returns its input. */
        public Builder body(Body value) {
            body = value;
            return this;
        }

        public ActionDescriptor descriptor() {
            ActionDescriptor d = ActionDescriptor.of(type, name, description, inputSchema, outputSchema)
                    .withSideEffects(sideEffects).withIdempotent(idempotent).withConfigVersion(configVersion);
            return category == null ? d : d.withCategory(category);
        }

        public TestExecutor build() {
            return new TestExecutor(descriptor(), body);
        }
    }
}
