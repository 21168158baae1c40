package io.devrig.http.internal;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Jetty's only way to turn a host into socket addresses: resolves once through the policy
 * and hands Jetty just the checked addresses, so the connection goes to an address that was
 * judged (no second lookup that DNS rebinding could answer differently). A refusal fails the
 * promise, so Jetty never opens a socket.
 */
final class PinningResolver implements SocketAddressResolver {

    private final DestinationPolicy policy;
    private final HostResolver resolver;
    private final Executor executor;
    private final AtomicLong resolutions = new AtomicLong();

    PinningResolver(DestinationPolicy policy, HostResolver resolver, Executor executor) {
        this.policy = policy;
        this.resolver = resolver;
        this.executor = executor;
    }

    @Override
    public void resolve(String host, int port, Promise<List<InetSocketAddress>> promise) {
        // a DNS lookup blocks: run it on the client's pool, as Jetty's own resolver does
        try {
            executor.execute(() -> resolveNow(host, port, promise));
        } catch (RejectedExecutionException e) {
            promise.failed(e);
        }
    }

    private void resolveNow(String host, int port, Promise<List<InetSocketAddress>> promise) {
        List<InetSocketAddress> addresses;
        try {
            resolutions.incrementAndGet();
            addresses = policy.resolve(host, port, resolver);
        } catch (RuntimeException e) {
            promise.failed(e);
            return;
        }
        promise.succeeded(addresses);
    }

    /** How many times a host was resolved (each new connection resolves once). */
    long resolutions() {
        return resolutions.get();
    }
}
