package com.purepost.dfdetect.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, from {@code /proc/<pid>/status} (Linux): now, and its peak so far. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Resident set size now, in MiB; NaN once the process is gone. */
    static double rssMb(long pid) {
        return field(pid, "VmRSS:");
    }

    /** The highest resident set size since the process started ("high water mark"), in MiB. */
    static double peakRssMb(long pid) {
        return field(pid, "VmHWM:");
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
