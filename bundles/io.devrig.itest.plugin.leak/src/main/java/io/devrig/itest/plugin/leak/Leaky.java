package io.devrig.itest.plugin.leak;

import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Starts a non-daemon thread that ignores interrupts and outlives its bundle (for half a minute). */
@Component(service = Function.class, property = "devrig.capability=action:itest.leak", immediate = true)
public class Leaky implements Function<String, String> {

    @Activate
    void activate() {
        Thread worker = new Thread(Leaky::spin, "itest-leaked-worker");
        worker.setDaemon(false); // threads SCR starts from are daemons; a leak that blocks JVM exit is the worse kind
        worker.start();
    }

    static void spin() {
        long end = System.nanoTime() + 30_000_000_000L; // ends on its own, so the test JVM can exit
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                // a leak: it does not stop when asked
            }
        }
    }

    @Override
    public String apply(String input) {
        return "leaking";
    }
}
