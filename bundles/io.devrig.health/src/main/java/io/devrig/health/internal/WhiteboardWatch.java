package io.devrig.health.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.runtime.dto.ServletDTO;

/**
 * Which of DevRig's HTTP whiteboard servlets the HTTP runtime serves, and the repair of one
 * that it lost. Plain Java: {@link WebEndpointsCheck} feeds it the servlets and runs its rounds.
 *
 * <p>Why a repair: Pax Web 8.0.34's whiteboard extender resolves a servlet's target context
 * and records the servlet in two separate steps. A servlet registered while the extender is
 * adding its {@code default} context (a restart from the bundle cache) can be resolved
 * before that context counts and recorded after the extender re-resolved its elements: it
 * is then kept with no context and served nowhere until some context comes or goes ("No
 * matching target context(s) ... may be re-registered later"). A servlet missing in two
 * rounds in a row gets a nudge: any context coming and going makes the extender resolve
 * every element again.
 */
final class WhiteboardWatch {

    private final Supplier<RuntimeDTO> runtime;
    private final Consumer<List<String>> nudge;
    private final int maxNudges;
    private final Map<Long, String> tracked = new LinkedHashMap<>();
    private final Set<Long> missingLastRound = new HashSet<>();
    private int nudges;

    /**
     * @param runtime   the HTTP runtime's current state
     * @param nudge     makes the whiteboard resolve its elements again; given the names missing
     * @param maxNudges nudges before the watch gives up (the check then stays DOWN)
     */
    WhiteboardWatch(Supplier<RuntimeDTO> runtime, Consumer<List<String>> nudge, int maxNudges) {
        this.runtime = runtime;
        this.nudge = nudge;
        this.maxNudges = maxNudges;
    }

    synchronized void track(long serviceId, String name) {
        tracked.put(serviceId, name);
    }

    synchronized void untrack(long serviceId) {
        tracked.remove(serviceId);
        missingLastRound.remove(serviceId);
    }

    synchronized int tracked() {
        return tracked.size();
    }

    synchronized int nudges() {
        return nudges;
    }

    /** The names of the tracked servlets the runtime does not serve now. */
    List<String> missing() {
        Set<Long> served = served(runtime.get());
        synchronized (this) {
            return names(missingIds(served));
        }
    }

    /** Guarded by this. */
    private Set<Long> missingIds(Set<Long> served) {
        Set<Long> missing = new LinkedHashSet<>(tracked.keySet());
        missing.removeAll(served);
        return missing;
    }

    /** Guarded by this. */
    private List<String> names(Set<Long> ids) {
        List<String> names = new ArrayList<>(ids.size());
        ids.forEach(id -> names.add(tracked.get(id)));
        return names;
    }

    /**
     * One round: nudges the whiteboard when a servlet was missing in the previous round too.
     *
     * @return whether another round is wanted (something is missing and nudges are left)
     */
    boolean round() {
        Set<Long> served = served(runtime.get());
        boolean nudgeNow;
        boolean again;
        List<String> names;
        synchronized (this) {
            Set<Long> missing = missingIds(served);
            names = names(missing);
            nudgeNow = nudges < maxNudges && missing.stream().anyMatch(missingLastRound::contains);
            missingLastRound.clear();
            missingLastRound.addAll(missing);
            if (nudgeNow) {
                nudges++;
            }
            again = !missing.isEmpty() && nudges < maxNudges;
        }
        if (nudgeNow) {
            nudge.accept(names);
        }
        return again;
    }

    private static Set<Long> served(RuntimeDTO dto) {
        Set<Long> ids = new HashSet<>();
        if (dto != null && dto.servletContextDTOs != null) {
            for (ServletContextDTO context : dto.servletContextDTOs) {
                if (context.servletDTOs != null) {
                    for (ServletDTO servlet : context.servletDTOs) {
                        ids.add(servlet.serviceId);
                    }
                }
            }
        }
        return ids;
    }
}
