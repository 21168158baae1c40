package io.devrig.plugin.guard.internal.hostile;

import java.io.File;
import java.util.function.Function;

/** Deletes a file through its own File subclass: the call's owner is the plugin's class, not File. */
public class DeleteOwnType implements Function<Object, Object> {
    static class MyFile extends File {
        private static final long serialVersionUID = 1L;

        MyFile(String path) {
            super(path);
        }
    }

    @Override
    public Object apply(Object input) {
        MyFile f = new MyFile((String) input);
        return f.delete(); // site
    }
}
