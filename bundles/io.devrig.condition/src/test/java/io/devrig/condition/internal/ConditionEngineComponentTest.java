package io.devrig.condition.internal;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static io.devrig.testing.TestJson.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.condition.CustomCondition;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.plugin.internal.invoke.Invoker;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** The DS component's whiteboard, without a framework: references are stand-ins. */
class ConditionEngineComponentTest {

    private final ConditionEngineComponent component = new ConditionEngineComponent();
    private static final String CONDITION = CustomConditionTest.custom("acme.plugin", "acme.biz");

    private final Invoker invoker = Invoker.withDefaults();

    @BeforeEach
    void bindInvoker() {
        component.invoker = invoker;
    }

    @AfterEach
    void close() {
        invoker.close();
    }

    @SuppressWarnings("unchecked")
    static ServiceReference<CustomCondition> reference(String bundle, long id, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put(Constants.SERVICE_ID, id);
        Bundle owner = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> method.getName().equals("getSymbolicName") ? bundle : null);
        return (ServiceReference<CustomCondition>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> all.get((String) args[0]);
                    case "getBundle" -> owner;
                    default -> null;
                });
    }

    static Map<String, Object> declared(String type) {
        return Map.of(CustomCondition.TYPE_PROPERTY, type, PluginConstants.CAPABILITY_PROPERTY, "flowNode:" + type);
    }

    private boolean eval(String condition) {
        return component.compile(j(condition)).evaluate(ConditionContext.empty());
    }

    @Test
    void aPublishedConditionIsFoundByPluginAndIdAndCalledThroughTheInvoker() {
        var ref = reference("acme.plugin", 7, declared("acme.biz"));
        component.addCustomCondition((args, view) -> true, ref);
        assertThat(eval(CONDITION)).isTrue();
        component.removeCustomCondition(ref);
        assertThat(devrigError(() -> eval(CONDITION)).code()).isEqualTo(ConditionErrors.CONDITION_CUSTOM_NOT_FOUND);
    }

    @Test
    void anotherPluginsConditionOfTheSameIdIsNotIt() {
        component.addCustomCondition((args, view) -> true, reference("other.plugin", 8, declared("acme.biz")));
        assertThat(devrigError(() -> eval(CONDITION)).code()).isEqualTo(ConditionErrors.CONDITION_CUSTOM_NOT_FOUND);
    }

    @Test
    void aServiceWithoutTheMatchingCapabilityIsIgnored() {
        component.addCustomCondition((args, view) -> true, reference("acme.plugin", 9,
                Map.of(CustomCondition.TYPE_PROPERTY, "acme.biz", PluginConstants.CAPABILITY_PROPERTY, "action:acme.biz")));
        component.addCustomCondition((args, view) -> true, reference("acme.plugin", 10,
                Map.of(CustomCondition.TYPE_PROPERTY, "acme.biz")));
        assertThat(devrigError(() -> eval(CONDITION)).code()).isEqualTo(ConditionErrors.CONDITION_CUSTOM_NOT_FOUND);
    }

    @Test
    void theComponentValidatesAndCompilesLikeTheEngine() {
        assertThat(component.validate(j("{'type':'nope'}"))).singleElement().asString().startsWith("$.type: unknown");
        assertThat(component.validate((Object) Map.of("type", "exists", "ref", Map.of("type", "env", "key", "A"))))
                .isEmpty();
        assertThat(component.compile((Object) j(LogicTest.TRUE)).evaluate(ConditionContext.empty())).isTrue();
    }
}
