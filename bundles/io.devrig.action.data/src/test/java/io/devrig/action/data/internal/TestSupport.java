package io.devrig.action.data.internal;

import io.devrig.condition.internal.ConditionEngineImpl;
import io.devrig.template.internal.TemplateEngineComponent;
import io.devrig.testing.TestActionContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The real engines the data actions use, a context, long arrays. JSON readers, the context
 * class and the DevRigException assertion come from io.devrig.testing.
 */
final class TestSupport {

    static final ConditionEngineImpl CONDITIONS = new ConditionEngineImpl();
    static final TemplateEngineComponent TEMPLATES = new TemplateEngineComponent();
    static final TestActionContext CONTEXT = new TestActionContext();

    private TestSupport() {
    }

    static List<Object> range(int n) {
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }
}
