package io.devrig.camel;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Keeps headers that come from outside (HTTP requests, mail, message brokers) from setting
 * Camel's internal headers, which steer components: {@code CamelFileName} picks the file a
 * producer writes, {@code CamelHttpUri} where a request goes, {@code CamelExecCommandExecutable}
 * what runs (Camel CVE-2025-27636: its filter compared case-sensitively, so
 * {@code cAmElHttpUri} passed and was then read as {@code CamelHttpUri}).
 *
 * <p>The rule: a header is internal when its name starts with {@code camel} or
 * {@code org.apache.camel.}, compared ignoring case exactly as Camel's header map compares names
 * ({@link String#CASE_INSENSITIVE_ORDER}, i.e. {@link String#regionMatches(boolean, int, String,
 * int, int)} with {@code ignoreCase}). Only ASCII letters fold to the letters of those prefixes
 * (tested over every {@code char}), so look-alikes such as a Cyrillic {@code С} are neither
 * removed nor able to reach an internal header. Null names are removed too.
 */
public final class InboundHeaders {

    private static final String CAMEL = "camel";
    private static final String CAMEL_PACKAGE = "org.apache.camel.";
    private static final HeaderFilterStrategy STRATEGY = new Strategy();
    private static final Processor PROCESSOR = exchange -> strip(exchange.getMessage());

    private InboundHeaders() {
    }

    /** Whether {@code name} is (or could be read as) one of Camel's internal headers. */
    public static boolean isInternal(String name) {
        return name == null
                || name.regionMatches(true, 0, CAMEL, 0, CAMEL.length())
                || name.regionMatches(true, 0, CAMEL_PACKAGE, 0, CAMEL_PACKAGE.length());
    }

    /** A copy of {@code headers}, in their order, without the internal ones. */
    public static Map<String, Object> filter(Map<String, ?> headers) {
        Map<String, Object> kept = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (!isInternal(name)) {
                    kept.put(name, value);
                }
            });
        }
        return kept;
    }

    /** Removes the internal headers from {@code message} in place; returns how many went. */
    public static int strip(Message message) {
        int removed = 0;
        for (Iterator<String> names = message.getHeaders().keySet().iterator(); names.hasNext();) {
            if (isInternal(names.next())) {
                names.remove();
                removed++;
            }
        }
        return removed;
    }

    /** A processor to put first in a route whose consumer takes headers from outside. */
    public static Processor processor() {
        return PROCESSOR;
    }

    /**
     * For components that take a {@link HeaderFilterStrategy}: internal headers neither come in
     * from outside nor go out.
     */
    public static HeaderFilterStrategy headerFilterStrategy() {
        return STRATEGY;
    }

    private static final class Strategy implements HeaderFilterStrategy {

        @Override
        public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
            return isInternal(headerName);
        }

        @Override
        public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
            return isInternal(headerName);
        }
    }
}
