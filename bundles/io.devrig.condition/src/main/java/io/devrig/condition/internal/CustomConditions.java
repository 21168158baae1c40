package io.devrig.condition.internal;

import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.util.List;

/** Decides {@code custom} expressions for the engine; failures are {@link DevRigException}s. */
interface CustomConditions {

    boolean call(String pluginId, String functionName, List<Object> args, ConditionContext view);

    /** No plugin conditions at all: every custom expression is not found. */
    CustomConditions NONE = (pluginId, functionName, args, view) -> {
        throw notFound(pluginId, functionName);
    };

    static DevRigException notFound(String pluginId, String functionName) {
        return new DevRigException(ConditionErrors.CONDITION_CUSTOM_NOT_FOUND, ErrorCategory.PLUGIN,
                "no active plugin '" + pluginId + "' provides the condition '" + functionName
                        + "' (is the plugin installed, granted and enabled, and does it declare the flow node?)");
    }
}
