package io.devrig.store.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/**
 * Points sqlite-jdbc at the native library the distribution ships already unpacked
 * ({@code lib/sqlite-native/<OS>/<arch>/}, from the driver's own jar at build time), so that
 * the first connection loads it from there. Otherwise the driver inflates its library out of
 * its jar into a new temporary file at every start and reads both again to compare them
 * (about 0.3 s of a cold JVM, on the path of every component that needs the database).
 *
 * <p>Only when nobody chose a library already ({@code org.sqlite.lib.path} unset) and the
 * file for this platform is there; anything else keeps the driver's own lookup, and the driver
 * itself falls back to unpacking when loading from the path fails (a platform not shipped, a
 * second class loader after the driver's bundle was refreshed).
 */
final class ShippedNativeLibrary {

    static final String LIB_PATH = "org.sqlite.lib.path";
    static final String LIB_NAME = "org.sqlite.lib.name";
    /** Under the Karaf home; the assembly unpacks the driver's {@code org/sqlite/native} here. */
    static final String FOLDER = "lib/sqlite-native";

    private ShippedNativeLibrary() {
    }

    /**
     * Sets the driver's library path and name to the shipped file under {@code karafHome}, if
     * that file exists and no path was set.
     *
     * @return the folder chosen, or null when the driver keeps its own lookup
     */
    static Path use(String karafHome) {
        if (karafHome == null || karafHome.isBlank() || System.getProperty(LIB_PATH) != null) {
            return null;
        }
        String name = LibraryLoaderUtil.getNativeLibName(); // the driver's own file name: .so, .dylib, .dll
        Path folder = Path.of(karafHome, FOLDER).resolve(OSInfo.getNativeLibFolderPathForCurrentOS());
        if (!Files.isRegularFile(folder.resolve(name))) {
            return null;
        }
        System.setProperty(LIB_NAME, name);
        System.setProperty(LIB_PATH, folder.toString());
        return folder;
    }
}
