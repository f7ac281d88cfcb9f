package io.medsieve.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * Guards the one environment where embedded PostgreSQL cannot work: root without user namespaces.
 *
 * <p>{@code initdb} refuses to run as uid 0. zonky works around that by prefixing every
 * PostgreSQL command with {@code unshare -U} when the JVM runs as root, which is the case in
 * MedSieve's CI. Inside a locked-down container (e.g. Docker's default seccomp profile) that
 * call is forbidden and zonky silently falls back to running initdb as root, which then fails
 * with a message that does not point at the cause. Checking up front turns that into an
 * actionable error.
 */
final class RootPrivileges {

    private static final Path OWN_PROCESS = Path.of("/proc/self");

    private RootPrivileges() {
    }

    /** Throws when running as root on Linux and {@code unshare -U} is not usable. */
    static void requireWayToDropRoot() {
        if (runsAsLinuxRoot() && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("Embedded PostgreSQL cannot start: this JVM runs as root, initdb refuses"
                    + " to run as root, and 'unshare -U' (which zonky uses to leave root) is not permitted here."
                    + " Run the build as an unprivileged user, or allow user namespaces"
                    + " (install util-linux; in Docker use --security-opt seccomp=unconfined or --privileged).");
        }
    }

    private static boolean runsAsLinuxRoot() {
        if (!Files.isDirectory(OWN_PROCESS)) {
            return false;
        }
        try {
            // /proc/self belongs to the effective uid of the process reading it.
            return ((Integer) Files.getAttribute(OWN_PROCESS, "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
