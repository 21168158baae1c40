package io.devrig.http.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Name-to-address lookup, a seam so tests can map names to 127.0.0.1 without DNS. The
 * policy only ever passes host names here, never numeric forms.
 */
@FunctionalInterface
interface HostResolver {

    List<InetAddress> resolve(String name) throws UnknownHostException;

    /** The JVM's resolver (DNS, /etc/hosts). */
    static HostResolver system() {
        return name -> List.of(InetAddress.getAllByName(name));
    }
}
