package io.devrig.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.health.HealthResult;
import io.devrig.api.health.HealthStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.runtime.dto.ServletDTO;

class WhiteboardWatchTest {

    /**
     * A whiteboard as Pax Web 8.0.34 behaves: it serves the servlets it resolved; one it lost
     * to the start race stays unserved until a context comes and goes (the nudge).
     */
    static final class Whiteboard {
        final Set<Long> served = new HashSet<>();
        final Set<Long> lost = new HashSet<>();
        int nudged;
        final List<List<String>> toldMissing = new java.util.ArrayList<>();

        RuntimeDTO dto() {
            RuntimeDTO dto = new RuntimeDTO();
            ServletContextDTO context = new ServletContextDTO();
            context.name = "default";
            context.servletDTOs = served.stream().map(id -> {
                ServletDTO s = new ServletDTO();
                s.serviceId = id;
                return s;
            }).toArray(ServletDTO[]::new);
            ServletContextDTO empty = new ServletContextDTO(); // a context with no servlets (null array)
            dto.servletContextDTOs = new ServletContextDTO[] {empty, context};
            return dto;
        }

        void nudge(List<String> missing) {
            toldMissing.add(missing);
            nudged++;
            served.addAll(lost);
            lost.clear();
        }
    }

    private final Whiteboard whiteboard = new Whiteboard();
    private final WhiteboardWatch watch = new WhiteboardWatch(whiteboard::dto, whiteboard::nudge, 3);

    @Test
    void servedServletsNeedNoRepair() {
        watch.track(7, "devrig-health");
        watch.track(8, "devrig-webhooks");
        whiteboard.served.addAll(List.of(7L, 8L, 99L));

        assertThat(watch.missing()).isEmpty();
        assertThat(watch.round()).as("nothing missing: no further round").isFalse();
        assertThat(whiteboard.nudged).isZero();
    }

    @Test
    void aServletLostToTheStartRaceIsServedAfterOneNudge() {
        watch.track(7, "devrig-health");
        watch.track(8, "devrig-webhooks");
        whiteboard.served.add(8L);
        whiteboard.lost.add(7L);

        assertThat(watch.missing()).containsExactly("devrig-health");
        assertThat(watch.round()).as("missing once: may still be registering, look again").isTrue();
        assertThat(whiteboard.nudged).isZero();
        assertThat(watch.round()).as("missing twice: nudged, look again").isTrue();
        assertThat(whiteboard.nudged).isEqualTo(1);
        assertThat(whiteboard.toldMissing).containsExactly(List.of("devrig-health"));
        assertThat(watch.missing()).isEmpty();
        assertThat(watch.round()).isFalse();
        assertThat(watch.nudges()).isEqualTo(1);
    }

    @Test
    void aServletStillRegisteringIsNotNudged() {
        watch.track(7, "devrig-health");

        assertThat(watch.round()).isTrue();
        whiteboard.served.add(7L); // its registration completed meanwhile
        assertThat(watch.round()).isFalse();
        assertThat(whiteboard.nudged).isZero();
    }

    @Test
    void aServletThatNeverComesStopsTheWatchAfterItsNudges() {
        WhiteboardWatch stubborn = new WhiteboardWatch(whiteboard::dto, missing -> whiteboard.nudged++, 3);
        stubborn.track(7, "devrig-health");

        int rounds = 0;
        while (stubborn.round()) {
            rounds++;
            assertThat(rounds).as("the watch ends").isLessThan(10);
        }
        assertThat(whiteboard.nudged).isEqualTo(3);
        assertThat(stubborn.missing()).containsExactly("devrig-health");
    }

    @Test
    void aServletThatWentAwayIsNoLongerWatched() {
        watch.track(7, "devrig-health");
        watch.round();
        watch.untrack(7);

        assertThat(watch.missing()).isEmpty();
        assertThat(watch.round()).isFalse();
        assertThat(whiteboard.nudged).isZero();
        assertThat(watch.tracked()).isZero();
    }

    @Test
    void anEmptyRuntimeServesNothing() {
        WhiteboardWatch none = new WhiteboardWatch(RuntimeDTO::new, whiteboard::nudge, 3);
        none.track(7, "devrig-health");
        assertThat(none.missing()).containsExactly("devrig-health");
    }

    @Test
    void theCheckNamesWhatIsNotServed() {
        HealthResult up = WebEndpointsCheck.result(3, List.of(), 1);
        assertThat(up.status()).isEqualTo(HealthStatus.UP);
        assertThat(up.message()).isEqualTo("3 DevRig HTTP endpoints served");
        assertThat(up.details()).containsEntry("endpoints", 3).containsEntry("repairs", 1);

        HealthResult down = WebEndpointsCheck.result(3, List.of("devrig-health"), 5);
        assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(down.message()).contains("not served: devrig-health");
        assertThat(down.details()).containsEntry("notServed", List.of("devrig-health"));
    }
}
