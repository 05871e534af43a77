package com.purepost.dfdetect.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory, from {@code /proc/<pid>/status} (Linux): now, and its peak so far; and
 * the CPU time it has used, from {@code /proc/<pid>/stat}.
 */
final class ProcessUsage {

    /** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on Linux, whatever the kernel's HZ. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessUsage() {
    }

    /** Resident set size now, in MiB; NaN once the process is gone. */
    static double rssMb(long pid) {
        return field(pid, "VmRSS:");
    }

    /** The highest resident set size since the process started ("high water mark"), in MiB. */
    static double peakRssMb(long pid) {
        return field(pid, "VmHWM:");
    }

    /** User and system CPU seconds the process has used so far; NaN once it is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name in parentheses may hold spaces: fields are counted after its closing one
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").strip()) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
