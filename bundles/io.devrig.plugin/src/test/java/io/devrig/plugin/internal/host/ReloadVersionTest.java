package io.devrig.plugin.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleRevisions;

/**
 * The "updated" line's old version comes from the revision the update replaced, read during
 * the synchronous UPDATED event: by the time the host thread runs, the plugin's row already
 * holds the new version (its STOPPED event was judged on the new content).
 */
class ReloadVersionTest {

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.util.function.Function<String, Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.apply(method.getName()));
    }

    private static Bundle bundleWithRevisions(String... versions) {
        List<BundleRevision> revisions = java.util.Arrays.stream(versions)
                .map(v -> proxy(BundleRevision.class, m -> m.equals("getVersion") ? Version.parseVersion(v) : null))
                .toList();
        BundleRevisions all = proxy(BundleRevisions.class, m -> m.equals("getRevisions") ? revisions : null);
        return proxy(Bundle.class, m -> m.equals("adapt") ? all : null);
    }

    @Test
    void theReplacedRevisionGivesTheOldVersionNewestFirst() {
        assertThat(PluginHostComponent.previousVersion(bundleWithRevisions("0.2.0.SNAPSHOT", "0.1.0.SNAPSHOT")))
                .isEqualTo("0.1.0.SNAPSHOT");
    }

    @Test
    void withoutTheOldRevisionThereIsNoOldVersion() {
        assertThat(PluginHostComponent.previousVersion(bundleWithRevisions("0.2.0"))).isNull();
        assertThat(PluginHostComponent.previousVersion(proxy(Bundle.class, m -> null))).isNull();
    }
}
