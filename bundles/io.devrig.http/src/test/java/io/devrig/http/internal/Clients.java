package io.devrig.http.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helpers: clients with a fake name resolver, so no test ever asks real DNS. */
final class Clients {

    private Clients() {
    }

    /** A name resolver backed by a map; records every name it is asked for. */
    static final class FakeResolver implements HostResolver {

        final List<String> asked = new CopyOnWriteArrayList<>();
        private final Map<String, List<InetAddress>> names;

        FakeResolver(Map<String, List<InetAddress>> names) {
            this.names = names;
        }

        static FakeResolver none() {
            return new FakeResolver(Map.of());
        }

        @Override
        public List<InetAddress> resolve(String name) throws UnknownHostException {
            asked.add(name);
            List<InetAddress> found = names.get(name);
            if (found == null) {
                throw new UnknownHostException(name + " (no DNS in tests)");
            }
            return found;
        }
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JettyOutboundHttp started(HttpSettings settings, HostResolver resolver) {
        JettyOutboundHttp client = new JettyOutboundHttp(settings, resolver);
        client.start();
        return client;
    }
}
