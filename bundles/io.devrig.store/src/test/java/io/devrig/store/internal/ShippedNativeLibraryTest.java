package io.devrig.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/** The store points the driver at the library the distribution ships, and only then. */
class ShippedNativeLibraryTest {

    @TempDir
    Path home;

    private String pathBefore;
    private String nameBefore;

    @BeforeEach
    void remember() {
        pathBefore = System.getProperty(ShippedNativeLibrary.LIB_PATH);
        nameBefore = System.getProperty(ShippedNativeLibrary.LIB_NAME);
        System.clearProperty(ShippedNativeLibrary.LIB_PATH);
        System.clearProperty(ShippedNativeLibrary.LIB_NAME);
    }

    @AfterEach
    void restore() {
        set(ShippedNativeLibrary.LIB_PATH, pathBefore);
        set(ShippedNativeLibrary.LIB_NAME, nameBefore);
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /** The file the assembly unpacks, taken from the driver's jar the same way. */
    private Path ship() throws Exception {
        Path folder = home.resolve(ShippedNativeLibrary.FOLDER).resolve(OSInfo.getNativeLibFolderPathForCurrentOS());
        Files.createDirectories(folder);
        Path lib = folder.resolve(LibraryLoaderUtil.getNativeLibName());
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = LibraryLoaderUtil.class.getResourceAsStream(resource.startsWith("/") ? resource : "/" + resource)) {
            assertThat(in).as("the driver ships a library for this platform").isNotNull();
            Files.copy(in, lib);
        }
        return folder;
    }

    @Test
    void theShippedLibraryOfThisPlatformIsChosen() throws Exception {
        Path folder = ship();
        assertThat(ShippedNativeLibrary.use(home.toString())).isEqualTo(folder);
        assertThat(System.getProperty(ShippedNativeLibrary.LIB_PATH)).isEqualTo(folder.toString());
        assertThat(System.getProperty(ShippedNativeLibrary.LIB_NAME)).isEqualTo(LibraryLoaderUtil.getNativeLibName());
    }

    @Test
    void withoutTheFileTheDriverKeepsItsOwnLookup() throws Exception {
        Files.createDirectories(home.resolve(ShippedNativeLibrary.FOLDER).resolve("Plan9/mips")); // another platform only
        assertThat(ShippedNativeLibrary.use(home.toString())).isNull();
        assertThat(ShippedNativeLibrary.use(null)).as("outside Karaf").isNull();
        assertThat(ShippedNativeLibrary.use(" ")).isNull();
        assertThat(System.getProperty(ShippedNativeLibrary.LIB_PATH)).isNull();
        assertThat(System.getProperty(ShippedNativeLibrary.LIB_NAME)).isNull();
    }

    @Test
    void aLibraryTheAdminChoseStays() throws Exception {
        ship();
        System.setProperty(ShippedNativeLibrary.LIB_PATH, "/opt/sqlite/lib");
        assertThat(ShippedNativeLibrary.use(home.toString())).isNull();
        assertThat(System.getProperty(ShippedNativeLibrary.LIB_PATH)).isEqualTo("/opt/sqlite/lib");
        assertThat(System.getProperty(ShippedNativeLibrary.LIB_NAME)).isNull();
    }
}
