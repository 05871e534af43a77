package com.purepost.dfdetect.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of the service, bound once at start-up from {@code application.properties}, the
 * environment ({@code DFDETECT_MODEL_DIR} binds {@code dfdetect.model.dir}) or the command line.
 *
 * @param apiKey the shared key the local app requires of every caller, in header {@code X-Api-Key}
 *               ({@code /health} excepted); empty or unset: no key is required
 */
@ConfigurationProperties(prefix = "dfdetect")
public record DfdetectProperties(
        @DefaultValue Model model,
        @DefaultValue Inference inference,
        @DefaultValue Limits limits,
        @DefaultValue Results results,
        @DefaultValue Cache cache,
        @DefaultValue Cors cors,
        @DefaultValue S3 s3,
        String apiKey) {

    public DfdetectProperties {
        apiKey = apiKey == null ? "" : apiKey.strip();
    }

    /** Whether callers must send {@link #apiKey()}. */
    public boolean requiresApiKey() {
        return !apiKey.isEmpty();
    }

    /** As a record prints itself, but never the key. */
    @Override
    public String toString() {
        return "DfdetectProperties[model=" + model + ", inference=" + inference + ", limits=" + limits + ", results="
                + results + ", cache=" + cache + ", cors=" + cors + ", s3=" + s3 + ", apiKey="
                + (requiresApiKey() ? "(set)" : "(none)") + "]";
    }

    /**
     * Where the model comes from.
     *
     * @param dir               directory holding the model file and {@code labels.txt}
     * @param file              the ONNX file served; {@code ResNet18.onnx} (quantized) by default,
     *                          {@code ResNet18_unoptimized.onnx} for the fp32 graph
     * @param labels            label file, one label per line, in the order of the model's outputs
     * @param standInWhenMissing when the model file is missing, write a stand-in and serve it (loudly);
     *                          off in production, where a missing model must make {@code /health} fail
     * @param uri               an {@code s3://bucket/key} to download the model from once at start
     *                          (Lambda), instead of reading it from {@code dir}
     * @param watch             reload the model when its file is replaced (the local app's mounted volume)
     */
    public record Model(
            @DefaultValue("model") Path dir,
            @DefaultValue("ResNet18.onnx") String file,
            @DefaultValue("labels.txt") String labels,
            @DefaultValue("true") boolean standInWhenMissing,
            String uri,
            @DefaultValue("true") boolean watch) {

        public Path filePath() {
            return dir.resolve(file);
        }

        public Path labelsPath() {
            return dir.resolve(labels);
        }
    }

    /**
     * How ONNX Runtime runs, and how much work the service takes on at once.
     *
     * @param intraOpThreads threads one session run may use; 0 picks the number of available cores
     * @param maxConcurrentRuns session runs allowed at once; further requests wait their turn (queue)
     *                          rather than fail; 0 picks one per {@code intraOpThreads} cores
     * @param maxConcurrentImages images decoded, preprocessed and scored at once, which bounds the memory
     *                          their pixels take (36 MB for a 12 MP photo); further requests wait in the
     *                          queue; 0 picks the number of available cores (and never fewer than the runs)
     * @param maxQueue          requests allowed to wait for one of those slots; past it the answer is 503
     *                          with {@code Retry-After}; 0 picks {@value #QUEUE_PER_CORE} per available core,
     *                          and never fewer than {@value #MIN_QUEUE}
     */
    public record Inference(
            @DefaultValue("0") int intraOpThreads,
            @DefaultValue("0") int maxConcurrentRuns,
            @DefaultValue("0") int maxConcurrentImages,
            @DefaultValue("0") int maxQueue) {

        /**
         * Places in the queue per core when none is configured. Two cores score a realistic mix of
         * uploads at about 12 a second and 12 MP photos alone at about 2.4 a second even on a busy
         * machine (README, "Load, limits and shutdown"): a full queue drains in about 3 s, and in about
         * 14 s when it holds nothing but full-size camera photos.
         */
        public static final int QUEUE_PER_CORE = 16;
        /** The concurrency PurePost's contract is held at: never refused on a machine of any size. */
        public static final int MIN_QUEUE = 32;

        public Inference {
            if (intraOpThreads < 0 || maxConcurrentRuns < 0 || maxConcurrentImages < 0 || maxQueue < 0) {
                throw new IllegalArgumentException("dfdetect.inference counts must be 0 (auto) or positive");
            }
        }

        public int effectiveIntraOpThreads() {
            return intraOpThreads > 0 ? intraOpThreads : Runtime.getRuntime().availableProcessors();
        }

        public int effectiveMaxConcurrentRuns() {
            if (maxConcurrentRuns > 0) {
                return maxConcurrentRuns;
            }
            return Math.max(1, Runtime.getRuntime().availableProcessors() / effectiveIntraOpThreads());
        }

        public int effectiveMaxConcurrentImages() {
            if (maxConcurrentImages > 0) {
                return maxConcurrentImages;
            }
            return Math.max(Runtime.getRuntime().availableProcessors(), effectiveMaxConcurrentRuns());
        }

        public int effectiveMaxQueue() {
            return maxQueue > 0 ? maxQueue : Math.max(MIN_QUEUE, QUEUE_PER_CORE * Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * What the service refuses before doing any work, and how long it works on one image at most.
     *
     * @param maxUploadSize largest image accepted; past it the answer is 413
     * @param maxPixels     largest width x height decoded; Pillow's own decompression-bomb limit by
     *                      default, so that nothing the original service scored is refused here
     * @param maxParts      multipart parts per request (PurePost sends one)
     * @param maxPartHeaderSize bytes of headers per multipart part
     * @param maxDecodeTime longest an image may take to decode and preprocess; past it the answer is
     *                      422, well inside PurePost's 30 s timeout (a large photo takes well under a second)
     * @param decodeThreads images decoded at once; more requests wait their turn. 0 picks one per core
     */
    public record Limits(
            @DefaultValue("32MB") DataSize maxUploadSize,
            @DefaultValue("178956970") long maxPixels,
            @DefaultValue("8") int maxParts,
            @DefaultValue("2KB") DataSize maxPartHeaderSize,
            @DefaultValue("5s") Duration maxDecodeTime,
            @DefaultValue("0") int decodeThreads) {

        public Limits {
            if (maxPixels <= 0 || maxParts <= 0 || maxUploadSize.toBytes() <= 0) {
                throw new IllegalArgumentException("dfdetect.limits: max-upload-size, max-pixels and max-parts must be positive");
            }
            if (maxDecodeTime.isNegative() || maxDecodeTime.isZero() || decodeThreads < 0) {
                throw new IllegalArgumentException("dfdetect.limits: max-decode-time must be positive, "
                        + "decode-threads 0 (one per core) or positive");
            }
        }

        public int effectiveDecodeThreads() {
            return decodeThreads > 0 ? decodeThreads : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Where S3-triggered runs write their results.
     *
     * @param bucket bucket for result objects; empty means the bucket the image was uploaded to
     * @param prefix key prefix of result objects; uploads under it are never scored (no self-trigger)
     */
    public record Results(
            String bucket,
            @DefaultValue("dfdetect-results/") String prefix) {
    }

    /**
     * The cache of recent results, keyed by the SHA-256 of the image bytes and of the model file.
     *
     * @param enabled    answer a repeated upload from the cache
     * @param maxEntries results kept at most
     * @param maxSize    heap the kept results may take at most
     */
    public record Cache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10000") int maxEntries,
            @DefaultValue("8MB") DataSize maxSize) {
    }

    /**
     * Which browser origins may call the local app. None by default: only PurePost's backend calls
     * it, server to server. The original service allowed every origin; {@code *} restores that.
     *
     * @param allowedOrigins origins allowed to call {@code /predict} and {@code /health}
     */
    public record Cors(@DefaultValue("") List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
        }
    }

    /**
     * How the S3 client meets a failing or slow S3 (uploads and results on Lambda, a model named by
     * {@code dfdetect.model.uri}). Every call ends, one way or the other, well inside the function's
     * timeout (60 s in template.yaml): a get and a put at their worst, plus the scoring, still fit, so a
     * slow S3 fails the invocation, which Lambda retries, instead of running it into its timeout.
     *
     * @param maxAttempts    attempts per call, the first included; the SDK's standard retries (5xx,
     *                       throttling, broken connections) with exponential backoff and jitter
     * @param attemptTimeout one attempt at most, the body of a fetched upload included
     * @param callTimeout    one call at most, every attempt and backoff included
     * @param readTimeout    silence on a connection after which an attempt is given up
     * @param modelDownloadTimeout the model download at start: one large file, once
     */
    public record S3(
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("8s") Duration attemptTimeout,
            @DefaultValue("20s") Duration callTimeout,
            @DefaultValue("5s") Duration readTimeout,
            @DefaultValue("50s") Duration modelDownloadTimeout) {

        public S3 {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("dfdetect.s3.max-attempts must be at least 1");
            }
            for (Duration timeout : List.of(attemptTimeout, callTimeout, readTimeout, modelDownloadTimeout)) {
                if (timeout.isNegative() || timeout.isZero()) {
                    throw new IllegalArgumentException("dfdetect.s3 timeouts must be positive");
                }
            }
        }
    }
}
