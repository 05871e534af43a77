package com.purepost.dfdetect.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One container started with {@code docker run -d}: its published port, its state as {@code docker
 * inspect} reports it, its log, and a stop as {@code docker stop} sends it. Closing removes it, with
 * its anonymous volumes, whatever happened.
 */
final class Container implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private final String name;

    private Container(String name) {
        this.name = name;
    }

    /**
     * {@code docker run -d --name <unique> options... image command...}: the entrypoint as the image was
     * built when {@code command} is empty.
     */
    static Container run(String what, List<String> options, String image, List<String> command) {
        String name = Docker.uniqueName(what);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(options);
        args.add(image);
        args.addAll(command);
        Docker.docker(COMMAND_TIMEOUT, args.toArray(String[]::new));
        return new Container(name);
    }

    /** A container someone else started (docker-compose), by its name or id, to inspect. */
    static Container existing(String nameOrId) {
        return new Container(nameOrId);
    }

    String name() {
        return name;
    }

    /** The host port on 127.0.0.1 that {@code containerPort} is published on. */
    int publishedPort(int containerPort) {
        String binding = Docker.docker(COMMAND_TIMEOUT, "port", name, containerPort + "/tcp").lines().findFirst().orElseThrow();
        if (!binding.startsWith("127.0.0.1:")) {
            throw new AssertionError("port " + containerPort + " is published on " + binding + ", not on loopback only");
        }
        return Integer.parseInt(binding.substring(binding.lastIndexOf(':') + 1));
    }

    /** {@code docker inspect --format template}, e.g. {@code {{.State.OOMKilled}}}. */
    String inspect(String template) {
        return Docker.docker(COMMAND_TIMEOUT, "inspect", "--format", template, name);
    }

    boolean isRunning() {
        return Boolean.parseBoolean(inspect("{{.State.Running}}"));
    }

    boolean oomKilled() {
        return Boolean.parseBoolean(inspect("{{.State.OOMKilled}}"));
    }

    int exitCode() {
        return Integer.parseInt(inspect("{{.State.ExitCode}}"));
    }

    /** Everything the container wrote to standard output and error. */
    String logs() {
        return Docker.tryDocker(COMMAND_TIMEOUT, "logs", name).output();
    }

    /** {@code docker stop -t grace}: SIGTERM, then SIGKILL when the container still runs after {@code grace}. */
    void stop(Duration grace) {
        Docker.docker(grace.plus(COMMAND_TIMEOUT), "stop", "-t", Long.toString(grace.toSeconds()), name);
    }

    @Override
    public void close() {
        Docker.tryDocker(COMMAND_TIMEOUT, "rm", "-f", "-v", name);
    }
}
