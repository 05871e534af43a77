package com.purepost.dfdetect.imagebuild;

import com.purepost.dfdetect.support.MultipartUpload;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP image's AOT cache training, run by the Dockerfile in a throwaway stage: starts the app with
 * the command given (the image's own launch, plus {@code -XX:AOTCacheOutput=...}), waits for
 * {@code /health}, sends PurePost's call with every image format and a refused upload, then stops
 * the app with SIGTERM as {@code docker stop} does: the JVM writes the cache as it exits. Any answer
 * other than the expected one fails the build.
 *
 * <pre>java -cp dfdetect-image-training.jar com.purepost.dfdetect.imagebuild.HttpImageTraining \
 *     CACHE_FILE PORT ROUNDS -- java -XX:AOTCacheOutput=CACHE_FILE ... -jar /app/dfdetect.jar</pre>
 */
public final class HttpImageTraining {

    private HttpImageTraining() {
    }

    public static void main(String[] args) throws Exception {
        int separator = Arrays.asList(args).indexOf("--");
        if (separator != 3) {
            throw new IllegalArgumentException("usage: CACHE_FILE PORT ROUNDS -- COMMAND...");
        }
        Path cache = Path.of(args[0]);
        URI base = URI.create("http://127.0.0.1:" + Integer.parseInt(args[1]));
        int rounds = Integer.parseInt(args[2]);
        List<String> command = Arrays.asList(args).subList(separator + 1, args.length);
        Process app = new ProcessBuilder(command).inheritIO().start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            awaitHealthy(client, base, app);
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, byte[]> image : TrainingImages.valid().entrySet()) {
                    expect(client, "predict " + image.getKey(), predict(base, image.getValue()), 200);
                }
                expect(client, "predict of a text file", predict(base, TrainingImages.notAnImage()), 415);
                expect(client, "health", HttpRequest.newBuilder(base.resolve("/health")).build(), 200);
            }
        } catch (Exception | Error e) {
            app.destroyForcibly();
            throw e;
        }
        app.destroy();
        if (!app.waitFor(3, TimeUnit.MINUTES)) {
            app.destroyForcibly();
            throw new IllegalStateException("the app did not stop on SIGTERM");
        }
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("the app exited without writing " + cache);
        }
        System.out.printf("AOT cache %s: %d MB%n", cache, Files.size(cache) >> 20);
    }

    private static HttpRequest predict(URI base, byte[] image) {
        MultipartUpload upload = MultipartUpload.asPurePostSends(image);
        return HttpRequest.newBuilder(base.resolve("/predict")).header("Content-Type", upload.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload.body())).build();
    }

    private static void awaitHealthy(HttpClient client, URI base, Process app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the app exited with " + app.exitValue() + " before it was healthy");
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notListeningYet) {
                // the server is not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the app was not healthy within 3 minutes");
    }

    private static void expect(HttpClient client, String what, HttpRequest request, int status) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": expected status " + status + ", the app answered "
                    + response.statusCode() + " " + LambdaImageTraining.abbreviated(response.body()));
        }
        System.out.println("training: " + what + " -> " + status);
    }
}
