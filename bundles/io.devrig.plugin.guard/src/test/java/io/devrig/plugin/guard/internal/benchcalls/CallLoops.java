package io.devrig.plugin.guard.internal.benchcalls;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loops of calls the guard checks, loaded woven and plain by the benchmark. */
public class CallLoops {

    public static int forName(int n) throws ClassNotFoundException {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Class.forName("java.lang.String").getName().length();
        }
        return sum;
    }

    public static int invoke(int n) throws ReflectiveOperationException {
        Method m = CallLoops.class.getMethod("one");
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (Integer) m.invoke(null);
        }
        return sum;
    }

    public static int isDirectory(int n, Path path) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Files.isDirectory(path) ? 1 : 0;
        }
        return sum;
    }

    public static int one() {
        return 1;
    }
}
