package com.purepost.dfdetect.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

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
     * Where the model comes from, and which model may serve.
     *
     * @param dir               directory holding the model file and {@code labels.txt}
     * @param file              the ONNX file served; {@code ResNet18.onnx} (quantized) by default,
     *                          {@code ResNet18_unoptimized.onnx} for the fp32 graph
     * @param labels            label file, one label per line, in the order of the model's outputs
     * @param standInWhenMissing when the model file is missing, write a stand-in and serve it (loudly);
     *                          only where stand-ins are allowed at all ({@code allowStandIn})
     * @param uri               an {@code s3://bucket/key} to download the model from once at start
     *                          (Lambda), instead of reading it from {@code dir}
     * @param watch             reload the model when its file is replaced (the local app's mounted volume)
     * @param allowStandIn      whether a stand-in (random weights, marked in its metadata) may be written
     *                          and serve at all; the container images and the Lambda template set it
     *                          false, so that a deployment without its trained model answers 503 rather
     *                          than random scores
     * @param sha256            the SHA-256 digests (hex, comma-separated) of the model files allowed to
     *                          serve; empty allows any file that fits
     * @param versionId         the S3 version of {@code uri} to download; empty takes the current one
     */
    public record Model(
            @DefaultValue("model") Path dir,
            @DefaultValue("ResNet18.onnx") String file,
            @DefaultValue("labels.txt") String labels,
            @DefaultValue("true") boolean standInWhenMissing,
            String uri,
            @DefaultValue("true") boolean watch,
            @DefaultValue("true") boolean allowStandIn,
            @DefaultValue("") List<String> sha256,
            String versionId) {

        private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

        public Model {
            sha256 = sha256 == null ? List.of() : sha256.stream()
                    .map(digest -> digest.strip().toLowerCase(Locale.ROOT))
                    .filter(digest -> !digest.isEmpty())
                    .toList();
            for (String digest : sha256) {
                if (!SHA256_HEX.matcher(digest).matches()) {
                    // A typo in the pin must stop the start, not refuse every model quietly.
                    throw new IllegalArgumentException("dfdetect.model.sha256: '" + digest + "' is not a SHA-256 digest "
                            + "(64 hex digits, as sha256sum prints them)");
                }
            }
            versionId = versionId == null || versionId.isBlank() ? null : versionId.strip();
        }

        public Path filePath() {
            return dir.resolve(file);
        }

        public Path labelsPath() {
            return dir.resolve(labels);
        }

        /** The same settings with the model file at {@code newDir}/{@code newFile}, as a download places it. */
        public Model relocated(Path newDir, String newFile, boolean watchFile) {
            return new Model(newDir, newFile, labelsPath().toAbsolutePath().toString(), false, uri, watchFile,
                    allowStandIn, sha256, versionId);
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
         * machine (docs/operating.md#how-the-defaults-were-sized): a full queue drains in about 3 s, and in about
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
     *                      default. Within it, a file may claim more than 48 MiB of decoded pixels only
     *                      in proportion to its own size (docs: what decoding may cost)
     * @param maxParts      multipart parts per request (PurePost sends one)
     * @param maxPartHeaderSize bytes of headers per multipart part
     * @param maxDecodeTime longest an image may take to decode and preprocess; past it the answer is
     *                      422, well inside PurePost's 30 s timeout (a large photo takes well under a second)
     * @param decodeThreads images decoded at once; more requests wait their turn. 0 picks one per core
     * @param maxDecodeMemory memory the decoded images may hold together (their pixels in their decoded
     *                      mode, plus what a native decoder keeps beside them), decodes that run on after
     *                      their time limit included; one image over it is refused with 413, and a decode
     *                      that would pass it waits for memory to be given back. Never more than half the
     *                      heap, whatever is set (the application applies that cap at start)
     */
    public record Limits(
            @DefaultValue("32MB") DataSize maxUploadSize,
            @DefaultValue("178956970") long maxPixels,
            @DefaultValue("8") int maxParts,
            @DefaultValue("2KB") DataSize maxPartHeaderSize,
            @DefaultValue("5s") Duration maxDecodeTime,
            @DefaultValue("0") int decodeThreads,
            @DefaultValue("512MB") DataSize maxDecodeMemory) {

        public Limits {
            if (maxPixels <= 0 || maxParts <= 0 || maxUploadSize.toBytes() <= 0) {
                throw new IllegalArgumentException("dfdetect.limits: max-upload-size, max-pixels and max-parts must be positive");
            }
            if (maxDecodeMemory.toKilobytes() < 1) {
                throw new IllegalArgumentException("dfdetect.limits.max-decode-memory must be at least 1KB");
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
     * {@code dfdetect.model.uri}), and which buckets it trusts. Every call ends, one way or the other,
     * well inside the function's timeout (60 s in template.yaml): a get and a put at their worst, plus
     * the scoring, still fit, so a slow S3 fails the invocation, which Lambda retries, instead of running
     * it into its timeout.
     *
     * @param maxAttempts    attempts per call, the first included; the SDK's standard retries (5xx,
     *                       throttling, broken connections) with exponential backoff and jitter
     * @param attemptTimeout one attempt at most, the body of a fetched upload included
     * @param callTimeout    one call at most, every attempt and backoff included
     * @param readTimeout    silence on a connection after which an attempt is given up
     * @param modelDownloadTimeout the model download at start: one large file, once
     * @param expectedBucketOwner the AWS account id every S3 call names as the bucket's owner, so that S3
     *                       refuses the call when the bucket belongs to anyone else; empty names none
     * @param allowedBuckets buckets whose upload events are handled; events from any other bucket are
     *                       logged and skipped without an S3 call. Empty handles every bucket (local use)
     */
    public record S3(
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("8s") Duration attemptTimeout,
            @DefaultValue("20s") Duration callTimeout,
            @DefaultValue("5s") Duration readTimeout,
            @DefaultValue("50s") Duration modelDownloadTimeout,
            String expectedBucketOwner,
            @DefaultValue("") List<String> allowedBuckets) {

        public S3 {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("dfdetect.s3.max-attempts must be at least 1");
            }
            for (Duration timeout : List.of(attemptTimeout, callTimeout, readTimeout, modelDownloadTimeout)) {
                if (timeout.isNegative() || timeout.isZero()) {
                    throw new IllegalArgumentException("dfdetect.s3 timeouts must be positive");
                }
            }
            expectedBucketOwner = expectedBucketOwner == null || expectedBucketOwner.isBlank() ? null
                    : expectedBucketOwner.strip();
            if (expectedBucketOwner != null && !expectedBucketOwner.matches("[0-9]{12}")) {
                throw new IllegalArgumentException("dfdetect.s3.expected-bucket-owner must be a 12-digit AWS account id, got '"
                        + expectedBucketOwner + "'");
            }
            allowedBuckets = allowedBuckets == null ? List.of() : allowedBuckets.stream()
                    .map(String::strip).filter(bucket -> !bucket.isEmpty()).toList();
        }

        /** Whether upload events from {@code bucket} are handled. */
        public boolean handlesEventsFrom(String bucket) {
            return allowedBuckets.isEmpty() || allowedBuckets.contains(bucket);
        }
    }
}
