package io.devrig.api.ai;

import java.util.List;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One AI provider. Implementations are thread-safe; a call ends promptly when its thread
 * is interrupted (time limits and cancellation interrupt it). Failures are
 * {@link io.devrig.api.error.DevRigException}s whose category says whether a retry helps
 * (a 429 or 529 is {@code resource} with {@code retryAfterMs} in the details, a 401
 * {@code permanent}); their messages never carry a key or a prompt.
 */
@ConsumerType
public interface AIProvider {

    /** The service property with the provider's id ({@code anthropic}, {@code openai}, {@code ollama}, {@code local}). */
    String ID_PROPERTY = "devrig.ai.provider";

    /** The models this provider offers now (may change when its configuration changes). */
    List<AIModelInfo> models();

    /** One complete answer. */
    AICompletion complete(AIRequest request);

    /**
     * The answer as it is generated: {@code text} receives each piece in order, on the
     * calling thread, and the whole completion is returned at the end. The default
     * delivers the complete answer as one piece.
     */
    default AICompletion stream(AIRequest request, Consumer<String> text) {
        AICompletion c = complete(request);
        text.accept(c.content());
        return c;
    }

    /** Whether the provider is configured and reachable (a cheap call, no tokens spent where avoidable). */
    AIHealth health();
}
