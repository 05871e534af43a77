package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.support.ProjectFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The project's compose.yaml brought up with docker-compose as a user brings it up, in a directory of
 * its own: a copy of the file, its {@code ./model} volume, and an {@code .env} choosing the image under
 * test, a free loopback port and whether a stand-in may serve. A project name of its own keeps it apart
 * from anything else on the engine; closing takes it down with its volumes.
 */
final class ComposeProject implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final String OVERRIDE = "compose.test.yaml";
    private final Path dir;
    private final String name;
    private final int port;

    private ComposeProject(Path dir, String name, int port) {
        this.dir = dir;
        this.name = name;
        this.port = port;
    }

    /**
     * Lays the project out; {@link #up()} starts it. {@code testEnvironment} is added to the service's
     * environment by a second file given after compose.yaml, as a user's override file would.
     */
    static ComposeProject create(boolean allowStandIn, Map<String, String> testEnvironment) {
        try {
            Path dir = Files.createTempDirectory("dfdetect-compose-");
            Files.copy(ProjectFiles.resolve("compose.yaml"), dir.resolve("compose.yaml"));
            StringBuilder override = new StringBuilder("services:\n  dfdetect:\n    environment:\n");
            testEnvironment.forEach((name, value) -> override.append("      ").append(name).append(": \"").append(value).append("\"\n"));
            Files.writeString(dir.resolve(OVERRIDE), override.toString());
            Path model = ModelVolumes.labelsOnly();
            Files.move(model, dir.resolve("model"));
            int port = freePort();
            Files.writeString(dir.resolve(".env"), "DFDETECT_IMAGE=" + Docker.HTTP_IMAGE + "\nDFDETECT_PORT=" + port
                    + "\nDFDETECT_MODEL_ALLOW_STAND_IN=" + allowStandIn + "\n");
            return new ComposeProject(dir, Docker.uniqueName("compose").replace('-', '_'), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code docker-compose args...} in the project's directory, whatever its exit code. */
    Docker.Result compose(String... args) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", name, "-f", "compose.yaml", "-f", OVERRIDE));
        command.addAll(List.of(args));
        return Docker.run(command, Map.of(), dir, COMMAND_TIMEOUT);
    }

    /**
     * {@code docker-compose --compatibility up -d --no-build}: the image already built, and the limits
     * under {@code deploy.resources} applied (docker-compose 1.x applies them only with
     * {@code --compatibility}).
     */
    Container up() {
        compose("--compatibility", "up", "-d", "--no-build").orFail(List.of("docker-compose", "--compatibility", "up", "-d", "--no-build"));
        String id = compose("ps", "-q", "dfdetect").orFail(List.of("docker-compose", "ps")).lines().reduce((a, b) -> b).orElseThrow();
        return Container.existing(id);
    }

    int port() {
        return port;
    }

    Path modelDir() {
        return dir.resolve("model");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        compose("down", "-v", "--timeout", "45");
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // A leftover in the temporary directory is harmless.
        }
    }
}
