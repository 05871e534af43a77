package com.purepost.dfdetect.bench;

import java.util.Arrays;
import java.util.List;

/** {@code --name value} options of a benchmark's command line, each with its default. */
record BenchOptions(List<String> args) {

    static BenchOptions of(String[] args) {
        return new BenchOptions(Arrays.asList(args));
    }

    String string(String name, String fallback) {
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : fallback;
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    /** A comma-separated list: {@code --concurrency 1,2,4}. */
    List<String> list(String name, String fallback) {
        return Arrays.stream(string(name, fallback).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Space-separated words: {@code --jvm-options "-Xmx1g -XX:+UseSerialGC"}; none when absent. */
    List<String> words(String name) {
        return Arrays.stream(string(name, "").split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    boolean flag(String name) {
        return args.contains(name);
    }
}
