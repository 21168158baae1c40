package io.devrig.plugin.guard.internal.victim;

/** Stands for a class of another bundle (loaded by a loader of its own in the tests). */
public class Victim {
    private String secret = "core";

    public static String hello() {
        return "hello from another bundle";
    }

    @Override
    public String toString() {
        return secret;
    }
}
