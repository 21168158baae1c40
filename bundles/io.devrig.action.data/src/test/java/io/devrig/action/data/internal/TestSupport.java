package io.devrig.action.data.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.devrig.api.action.ActionContext;
import io.devrig.api.error.DevRigException;
import io.devrig.condition.internal.ConditionEngineImpl;
import io.devrig.template.internal.TemplateEngineComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The real engines, JSON input written as text, a context, and a way to catch a DevRigException. */
final class TestSupport {

    static final ConditionEngineImpl CONDITIONS = new ConditionEngineImpl();
    static final TemplateEngineComponent TEMPLATES = new TemplateEngineComponent();
    static final Context CONTEXT = new Context();

    /** Numbers as a typical caller has them: Integer, Long, Double. */
    private static final ObjectMapper PLAIN = new ObjectMapper();
    /** Decimals as BigDecimal, as when the registry reads JSON exactly. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private TestSupport() {
    }

    /** JSON text as Java values ({@code Map}, {@code List}, ...). */
    static Object json(String text) {
        return read(PLAIN, text);
    }

    /** JSON text as Java values, decimals as {@code BigDecimal}. */
    static Object exact(String text) {
        return read(EXACT, text);
    }

    private static Object read(ObjectMapper mapper, String text) {
        try {
            return mapper.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    static String text(Object value) {
        try {
            return PLAIN.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<Object> range(int n) {
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    static DevRigException devrigError(ThrowingCallable call) {
        DevRigException[] caught = new DevRigException[1];
        assertThatThrownBy(() -> {
            try {
                call.call();
            } catch (DevRigException e) {
                caught[0] = e;
                throw e;
            }
        }).isInstanceOf(DevRigException.class);
        return caught[0];
    }

    /** A context outside a run; cancellable. */
    static final class Context implements ActionContext {

        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public String runId() {
            return "run-1";
        }

        @Override
        public String workflowId() {
            return "wf-1";
        }

        @Override
        public String nodeId() {
            return "node-1";
        }

        @Override
        public String correlationId() {
            return "corr-1";
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public String idempotencyKey() {
            return "run-1:node-1";
        }

        @Override
        public boolean dryRun() {
            return false;
        }

        @Override
        public Instant deadline() {
            return Instant.now().plusSeconds(60);
        }

        @Override
        public boolean cancelled() {
            return cancelled.get();
        }

        @Override
        public void log(LogLevel level, String message) {
            // not needed by these actions
        }
    }
}
