package io.devrig.template.internal;

/**
 * Marks whether anything ever loaded and initialized this class. The injection tests name
 * it in every way a template could try to reach a class, and then check the marker
 * property, without touching the class themselves.
 */
public final class Canary {

    static final String PROPERTY = "io.devrig.template.canary.initialized";

    static {
        System.setProperty("io.devrig.template.canary.initialized", "true");
    }

    private Canary() {
    }

    public static String boom() {
        System.setProperty("io.devrig.template.canary.called", "true");
        return "boom";
    }

    @Override
    public String toString() {
        return boom();
    }
}
