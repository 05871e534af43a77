package com.purepost.dfdetect.imagebuild;

import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import com.purepost.dfdetect.lambda.runtime.RuntimeApiStub;
import com.purepost.dfdetect.support.MultipartUpload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda image's AOT cache training, run by the Dockerfile in a throwaway stage: starts the
 * runtime exactly as the image's entrypoint does (the command given, with
 * {@code -XX:AOTCacheOutput=...} among its options), hands it real events through a Runtime API stub
 * (health over REST and HTTP API, multipart predictions over both, a raw image, a refused upload, an
 * unknown path), then stops it with SIGTERM while it waits for the next event: the JVM writes the
 * cache as it exits. Any answer other than the expected one fails the build.
 *
 * <pre>java -cp dfdetect-image-training.jar:/var/task/lib/* com.purepost.dfdetect.imagebuild.LambdaImageTraining \
 *     CACHE_FILE ROUNDS -- java -XX:AOTCacheOutput=CACHE_FILE ... AWSLambda HANDLER</pre>
 */
public final class LambdaImageTraining {

    private LambdaImageTraining() {
    }

    public static void main(String[] args) throws Exception {
        int separator = Arrays.asList(args).indexOf("--");
        if (separator != 2) {
            throw new IllegalArgumentException("usage: CACHE_FILE ROUNDS -- COMMAND...");
        }
        Path cache = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<String> command = Arrays.asList(args).subList(separator + 1, args.length);
        try (RuntimeApiStub api = RuntimeApiStub.start()) {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            // Lambda starts the runtime in the task root, where Spring Boot finds config/ (Lambda mode)
            String taskRoot = System.getenv("LAMBDA_TASK_ROOT");
            if (taskRoot != null) {
                builder.directory(Path.of(taskRoot).toFile());
            }
            builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
            Process runtime = builder.start();
            runtime.onExit().thenRun(() -> api.abandon("the runtime exited with " + runtime.exitValue()));
            try {
                for (int round = 0; round < rounds; round++) {
                    answerRound(api);
                }
            } catch (RuntimeException | Error e) {
                runtime.destroyForcibly();
                throw e;
            }
            // SIGTERM, as Lambda ends an execution environment, while the runtime client waits for its
            // next event: the JVM exits through its shutdown and writes the cache. Taking the Runtime API
            // away instead crashed the runtime client's native HTTP client in about half the runs here
            // (a null dereference in NativeClient.next), before the cache was written.
            runtime.destroy();
            if (!runtime.waitFor(3, TimeUnit.MINUTES)) {
                runtime.destroyForcibly();
                throw new IllegalStateException("the runtime did not exit on SIGTERM");
            }
        }
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("the runtime exited without writing " + cache);
        }
        System.out.printf("AOT cache %s: %d MB%n", cache, Files.size(cache) >> 20);
    }

    private static void answerRound(RuntimeApiStub api) throws Exception {
        expect(api, "REST health", LambdaEvents.restApi("GET", "/health", Map.of(), null), 200);
        expect(api, "HTTP API health", LambdaEvents.httpApi("GET", "/health", Map.of(), null), 200);
        for (Map.Entry<String, byte[]> image : TrainingImages.valid().entrySet()) {
            MultipartUpload upload = MultipartUpload.asPurePostSends(image.getValue());
            Map<String, String> multipart = Map.of("Content-Type", upload.contentType());
            expect(api, "REST predict " + image.getKey(),
                    LambdaEvents.restApi("POST", "/predict", multipart, upload.body()), 200);
            expect(api, "HTTP API predict " + image.getKey(),
                    LambdaEvents.httpApi("POST", "/predict", multipart, upload.body()), 200);
        }
        byte[] jpeg = TrainingImages.valid().get("jpeg 1024x768");
        expect(api, "HTTP API raw image/jpeg",
                LambdaEvents.httpApi("POST", "/predict", Map.of("Content-Type", "image/jpeg"), jpeg), 200);
        MultipartUpload bad = MultipartUpload.asPurePostSends(TrainingImages.notAnImage());
        expect(api, "REST predict of a text file",
                LambdaEvents.restApi("POST", "/predict", Map.of("Content-Type", bad.contentType()), bad.body()), 415);
        expect(api, "REST unknown path", LambdaEvents.restApi("GET", "/nowhere", Map.of(), null), 404);
    }

    private static void expect(RuntimeApiStub api, String what, byte[] event, int status) throws Exception {
        RuntimeApiStub.Outcome outcome = api.submit(event).get(3, TimeUnit.MINUTES);
        String body = outcome.body();
        String expected = "\"statusCode\":" + status;
        if (outcome.isError() || !body.replace(" ", "").contains(expected)) {
            throw new IllegalStateException(what + ": expected status " + status + ", the runtime answered "
                    + (outcome.isError() ? "an error " : "") + abbreviated(body));
        }
        System.out.println("training: " + what + " -> " + status);
    }

    static String abbreviated(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "...";
    }
}
