package com.purepost.dfdetect.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a process holds, read from Linux's {@code /proc/<pid>}: resident memory, open file
 * descriptors (files, sockets, pipes) and threads. The figures a leak shows in.
 */
public record ProcessStats(long residentKb, int openFiles, int threads) {

    public static ProcessStats of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            long rss = -1;
            int threads = -1;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
                return new ProcessStats(rss, (int) fds.count(), threads);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + proc + " (Linux only; the process must be alive)", e);
        }
    }

    public double residentMb() {
        return residentKb / 1024.0;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "RSS %.1f MB, %d fds, %d threads", residentMb(), openFiles, threads);
    }
}
