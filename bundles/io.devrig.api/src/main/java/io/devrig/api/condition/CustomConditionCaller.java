package io.devrig.api.condition;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Replaces, for one evaluation, how {@code custom} expressions are decided: e.g. a dry
 * run that stubs plugin conditions. Without one, the engine calls the
 * {@link CustomCondition} service the plugin published, with the 500 ms limit. A caller
 * set here is trusted core code: the engine calls it directly, on the evaluating thread.
 */
@ConsumerType
@FunctionalInterface
public interface CustomConditionCaller {

    /**
     * @param pluginId the expression's {@code pluginId}
     * @param functionName the expression's {@code functionName}
     * @param args resolved arguments, as for {@link CustomCondition#test}
     * @param view the context a plugin would see (no secrets)
     */
    boolean call(String pluginId, String functionName, List<Object> args, ConditionContext view) throws Exception;
}
