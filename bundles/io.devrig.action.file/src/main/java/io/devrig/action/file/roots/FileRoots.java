package io.devrig.action.file.roots;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The folders file actions may touch, as the admin configured them (PID
 * {@code io.devrig.action.file}, key {@code roots}; empty by default, which allows nothing).
 * Published as a service by {@code io.devrig.action.file}; {@code shell.exec} uses it for its
 * working directory, so both follow one rule ({@link RootRule}).
 */
@ProviderType
public interface FileRoots {

    /** The configured roots, absolute and normalised; empty when nothing is allowed. */
    List<Path> roots();

    /**
     * The real path (symbolic links of its existing part resolved) of an allowed path.
     *
     * @throws io.devrig.api.error.DevRigException {@value RootRule#PATH_REFUSED} (permanent)
     *         naming the rule that refused it in the message and in {@code details.rule};
     *         never anything read from a file
     */
    Path confine(String path);
}
