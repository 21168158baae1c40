package io.devrig.action.http.testing;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundHttp;
import io.devrig.api.secrets.SecretInfo;
import io.devrig.api.secrets.SecretValue;
import io.devrig.api.secrets.SecretVault;
import io.devrig.http.internal.HttpConfig;
import io.devrig.http.internal.OutboundHttpComponent;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The real outbound client of io.devrig.http, made the way the distribution makes it: its DS
 * component activated with a configuration of PID io.devrig.http (as etc/io.devrig.http.cfg
 * would give it), the {@link OutboundHttp} it registers taken from a recording BundleContext.
 * And an in-memory vault.
 */
public final class Clients {

    private Clients() {
    }

    /** A started client; {@code allowList} as in the cfg file (empty: the shipped default). */
    public static OutboundHttp outbound(int maxResponseBytes, String... allowList) {
        List<Object> registered = new ArrayList<>();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(Clients.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] == OutboundHttp.class) {
                        registered.add(args[1]);
                        return Proxy.newProxyInstance(Clients.class.getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> null);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        HttpConfig config = (HttpConfig) Proxy.newProxyInstance(Clients.class.getClassLoader(),
                new Class<?>[] {HttpConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "allowList" -> allowList.clone();
                    case "connectTimeoutMs" -> 5_000;
                    case "requestTimeoutMs" -> 30_000;
                    case "maxRedirects" -> 5;
                    case "maxResponseBytes" -> maxResponseBytes;
                    case "annotationType" -> (Class<? extends Annotation>) HttpConfig.class;
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "HttpConfig(test)";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        new OutboundHttpComponent(context, config);
        if (registered.size() != 1) {
            throw new IllegalStateException("the component published no client: " + registered);
        }
        return (OutboundHttp) registered.get(0);
    }

    public static OutboundHttp outbound(String... allowList) {
        return outbound(10 * 1024 * 1024, allowList);
    }

    public static void close(OutboundHttp client) throws Exception {
        ((AutoCloseable) client).close();
    }

    /** Secrets in memory; records which names were asked for. */
    public static class FakeVault implements SecretVault {

        public final Map<String, String> values = new ConcurrentHashMap<>();
        public final List<String> asked = new CopyOnWriteArrayList<>();

        public FakeVault with(String name, String value) {
            values.put(name, value);
            return this;
        }

        @Override
        public void put(String name, String category, char[] value) {
            values.put(name, new String(value));
        }

        @Override
        public Optional<SecretValue> get(String name) {
            asked.add(name);
            String v = values.get(name);
            return v == null ? Optional.empty() : Optional.of(new SecretValue(v.toCharArray()));
        }

        @Override
        public List<SecretInfo> list() {
            return List.of();
        }

        @Override
        public boolean delete(String name) {
            return values.remove(name) != null;
        }

        @Override
        public int rotateKey() {
            throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.PERMANENT, "not in tests");
        }
    }
}
