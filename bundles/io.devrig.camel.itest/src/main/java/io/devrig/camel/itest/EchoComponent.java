package io.devrig.camel.itest;

import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * A component only this bundle has (named in its META-INF/services/org/apache/camel/component/devrig-echo),
 * to find out whether Camel inside the runtime bundle discovers it by name: a producer that
 * prefixes the body with {@code echo:}.
 */
public class EchoComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new DefaultEndpoint(uri, this) {
            @Override
            public Producer createProducer() {
                return new DefaultProducer(this) {
                    @Override
                    public void process(Exchange exchange) {
                        exchange.getMessage().setBody("echo:" + exchange.getMessage().getBody(String.class));
                    }
                };
            }

            @Override
            public Consumer createConsumer(Processor processor) {
                throw new UnsupportedOperationException("devrig-echo only produces");
            }
        };
    }
}
