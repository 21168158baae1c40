package io.devrig.plugin.guard.internal.hostile;

import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/** Less common ways in: "op|arg|arg2", one site a line. */
public class Misc implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        String[] a = ((String) input).split("\\|");
        try {
            switch (a[0]) {
                case "beans":
                    new java.beans.Statement(Runtime.getRuntime(), "exit", new Object[] {3}).execute(); // beans
                    return "still running";
                case "url":
                    return new URL(a[1]).openStream().readAllBytes().length; // url
                case "raf":
                    try (RandomAccessFile f = new RandomAccessFile(a[1], a[2])) { // raf
                        return f.length();
                    }
                case "copy":
                    return Files.copy(Path.of(a[1]), Path.of(a[2])).toString(); // copy
                case "channel":
                    try (FileChannel c = FileChannel.open(Path.of(a[1]), StandardOpenOption.WRITE)) { // channel
                        return c.size();
                    }
                case "private":
                    return MethodHandles.privateLookupIn(String.class, MethodHandles.lookup()).toString(); // private
                case "stop":
                    Thread t = new Thread(() -> { });
                    t.stop(); // stop
                    return "stopped";
                default:
                    return "?";
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
