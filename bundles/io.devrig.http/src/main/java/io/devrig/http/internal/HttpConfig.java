package io.devrig.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of outbound HTTP, PID {@code io.devrig.http} (etc/io.devrig.http.cfg). */
@ObjectClassDefinition(name = "DevRig outbound HTTP",
        description = "The HTTP client plugins and flows use. Loopback, private, link-local, carrier-grade NAT, "
                + "multicast, reserved and cloud metadata destinations are refused unless allow-listed.")
public @interface HttpConfig {

    @AttributeDefinition(name = "Allow-list",
            description = "Destinations reachable although the policy refuses them: IP addresses, CIDR ranges or host "
                    + "names, each optionally with :port, e.g. 127.0.0.1:8089, 10.0.0.0/8, [::1]:9000, "
                    + "git.internal.example. A value may hold several entries separated by commas.")
    String[] allowList() default {};

    @AttributeDefinition(name = "Connect timeout (ms)", description = "Time limit for opening a connection.")
    int connectTimeoutMs() default 10_000;

    @AttributeDefinition(name = "Request timeout (ms)",
            description = "Time limit for a whole exchange, redirects included, when the request sets none.")
    int requestTimeoutMs() default 30_000;

    @AttributeDefinition(name = "Maximum redirects", description = "Redirects followed per request (0-50).")
    int maxRedirects() default 5;

    @AttributeDefinition(name = "Maximum response size (bytes)",
            description = "Responses with a larger (decoded) body fail with HTTP_RESPONSE_TOO_LARGE.")
    int maxResponseBytes() default 10 * 1024 * 1024;
}
