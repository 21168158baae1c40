/**
 * First-start credentials. DevRig ships no user; on the first start
 * {@link io.devrig.auth.internal.InitialAdminComponent} finds the Karaf realm empty and
 * creates {@code admin} with a random password, hashed by the realm's encryption
 * (etc/org.apache.karaf.jaas.cfg), and writes the clear password once to
 * {@code data/devrig/initial-admin-password} (mode 0600). Not exported.
 */
package io.devrig.auth.internal;
