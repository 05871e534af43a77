package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.support.ServiceClient;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP image run as its README runs it ({@code docker run -p 5555:5555 -v models:/app/model
 * dfdetect-service}), with the port published on 127.0.0.1 only (a free one Docker picks), and the
 * service answering on it.
 */
final class HttpContainer implements AutoCloseable {

    /** A hang guard: the image answers within seconds; a busy shared machine may take half a minute. */
    private static final Duration START_GUARD = Duration.ofSeconds(150);

    private final Container container;
    private final int port;

    private HttpContainer(Container container, int port) {
        this.container = container;
        this.port = port;
    }

    /** Options for one run. */
    static final class Builder {
        private final List<String> options = new ArrayList<>(List.of("-p", "127.0.0.1::5555"));

        /** {@code -v dir:/app/model}, read-only ({@code :ro}) when asked. */
        Builder modelVolume(Path dir, boolean readOnly) {
            options.addAll(List.of("-v", dir.toAbsolutePath() + ":/app/model" + (readOnly ? ":ro" : "")));
            return this;
        }

        Builder env(String name, String value) {
            options.addAll(List.of("-e", name + "=" + value));
            return this;
        }

        /** Any other {@code docker run} option ({@code --cpus 1}). */
        Builder option(String... option) {
            options.addAll(List.of(option));
            return this;
        }

        /** Starts the container and waits until the service answers /health (healthy or not). */
        HttpContainer start(String what) {
            Container container = Container.run(what, options, Docker.HTTP_IMAGE, List.of());
            try {
                HttpContainer started = new HttpContainer(container, container.publishedPort(5555));
                started.awaitAnswering();
                return started;
            } catch (RuntimeException | Error e) {
                container.close();
                throw e;
            }
        }
    }

    static Builder builder() {
        return new Builder();
    }

    private void awaitAnswering() {
        long deadline = System.nanoTime() + START_GUARD.toNanos();
        ServiceClient client = client();
        while (System.nanoTime() < deadline) {
            if (!container.isRunning()) {
                throw new AssertionError("the container stopped before answering (exit " + container.exitCode() + "):\n"
                        + container.logs());
            }
            try {
                client.get("/health");
                return;
            } catch (UncheckedIOException notYet) {
                sleep(Duration.ofMillis(250));
            }
        }
        throw new AssertionError("the container did not answer within " + START_GUARD + ":\n" + container.logs());
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    ServiceClient client() {
        return new ServiceClient(port);
    }

    Container container() {
        return container;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        container.close();
    }
}
