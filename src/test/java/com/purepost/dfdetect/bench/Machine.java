package com.purepost.dfdetect.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a figure was measured on: the cores this JVM sees, the CPU model, and how busy the machine
 * was (the load averages, read at the start and at the end of a run, since other work shares it).
 */
record Machine(int cores, String cpu, String load) {

    static Machine now() {
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), loadAverage());
    }

    /** One line for the head of a report. */
    String describe() {
        return String.format(Locale.ROOT, "%d cores (nproc), %s, load average %s (1/5/15 min), JVM %s %s",
                cores, cpu, load, System.getProperty("java.vm.vendor"), Runtime.version());
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
