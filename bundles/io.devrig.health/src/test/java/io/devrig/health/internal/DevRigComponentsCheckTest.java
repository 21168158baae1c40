package io.devrig.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.health.HealthResult;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.dto.DTO;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

class DevRigComponentsCheckTest {

    static ComponentDescriptionDTO description(long bundleId, String name) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        d.bundle = new BundleDTO();
        d.bundle.id = bundleId;
        return d;
    }

    static ComponentConfigurationDTO configuration(int state, String failure) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.failure = failure;
        return c;
    }

    /** A runtime that knows the given components, each with one configuration. */
    static ServiceComponentRuntime runtime(Map<ComponentDescriptionDTO, ComponentConfigurationDTO> components) {
        return (ServiceComponentRuntime) Proxy.newProxyInstance(DevRigComponentsCheckTest.class.getClassLoader(),
                new Class<?>[] {ServiceComponentRuntime.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getComponentDescriptionDTOs" -> List.copyOf(components.keySet());
                    case "getComponentConfigurationDTOs" -> List.of(components.get((DTO) args[0]));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aComponentThatFailedToActivateMakesTheCheckDownAndIsNamed() {
        ServiceComponentRuntime scr = runtime(Map.of(
                description(1, "io.devrig.a.Good"), configuration(ComponentConfigurationDTO.ACTIVE, null),
                description(1, "io.devrig.a.Broken"), configuration(ComponentConfigurationDTO.FAILED_ACTIVATION,
                        "org.osgi.framework.ServiceException: ServiceFactory.getService() resulted in a cycle.\n\tat x"),
                description(2, "io.devrig.b.Waiting"), configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, null),
                description(9, "org.other.Failed"), configuration(ComponentConfigurationDTO.FAILED_ACTIVATION, "boom")));
        HealthResult r = new DevRigComponentsCheck(scr, id -> id < 9).check();
        assertThat(r.status()).isEqualTo(io.devrig.api.health.HealthStatus.DOWN);
        assertThat(r.message()).contains("io.devrig.a.Broken: org.osgi.framework.ServiceException: "
                + "ServiceFactory.getService() resulted in a cycle.").doesNotContain("at x").doesNotContain("org.other");
        assertThat(r.details()).containsEntry("components", 3).containsEntry("waiting", List.of("io.devrig.b.Waiting"));
    }

    @Test
    void waitingComponentsDoNotMakeItDown() {
        ServiceComponentRuntime scr = runtime(Map.of(
                description(1, "io.devrig.a.Good"), configuration(ComponentConfigurationDTO.SATISFIED, null),
                description(2, "io.devrig.b.Waiting"), configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, null)));
        HealthResult r = new DevRigComponentsCheck(scr, id -> true).check();
        assertThat(r.status()).isEqualTo(io.devrig.api.health.HealthStatus.UP);
        assertThat(r.message()).isEqualTo("2 DevRig components, none failed");
    }
}
