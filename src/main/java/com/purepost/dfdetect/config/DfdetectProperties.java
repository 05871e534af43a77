package com.purepost.dfdetect.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.util.List;

/**
 * Every setting of the service, bound once at start-up from {@code application.properties}, the
 * environment ({@code DFDETECT_MODEL_DIR} binds {@code dfdetect.model.dir}) or the command line.
 */
@ConfigurationProperties(prefix = "dfdetect")
public record DfdetectProperties(
        @DefaultValue Model model,
        @DefaultValue Inference inference,
        @DefaultValue Limits limits,
        @DefaultValue Results results,
        @DefaultValue Cache cache,
        @DefaultValue Cors cors) {

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
     * How ONNX Runtime runs.
     *
     * @param intraOpThreads threads one session run may use; 0 picks the number of available cores
     * @param maxConcurrentRuns session runs allowed at once; further requests wait their turn (queue)
     *                          rather than fail; 0 picks one per {@code intraOpThreads} cores
     */
    public record Inference(
            @DefaultValue("0") int intraOpThreads,
            @DefaultValue("0") int maxConcurrentRuns) {

        public Inference {
            if (intraOpThreads < 0 || maxConcurrentRuns < 0) {
                throw new IllegalArgumentException("dfdetect.inference thread counts must be 0 (auto) or positive");
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
    }

    /**
     * What the service refuses before doing any work.
     *
     * @param maxUploadSize largest image accepted; past it the answer is 413
     * @param maxPixels     largest width x height decoded; Pillow's own decompression-bomb limit by
     *                      default, so that nothing the original service scored is refused here
     * @param maxParts      multipart parts per request (PurePost sends one)
     * @param maxPartHeaderSize bytes of headers per multipart part
     * @param maxDecodingPixels pixels decoded at once across all requests (a decoded image is held
     *                      whole until resized: 3 or 4 bytes a pixel); requests past it wait their
     *                      turn. 0 picks {@link #DECODING_PIXELS_PER_CORE} per available core
     */
    public record Limits(
            @DefaultValue("32MB") DataSize maxUploadSize,
            @DefaultValue("178956970") long maxPixels,
            @DefaultValue("8") int maxParts,
            @DefaultValue("2KB") DataSize maxPartHeaderSize,
            @DefaultValue("0") long maxDecodingPixels) {

        /**
         * Somewhat more than one 12-megapixel photo per core: decoding is CPU-bound, so more at once
         * would only add memory (measured in BENCHMARKS.md), while smaller images still pass beside it.
         */
        public static final long DECODING_PIXELS_PER_CORE = 16_000_000L;

        public Limits {
            if (maxPixels <= 0 || maxParts <= 0 || maxUploadSize.toBytes() <= 0 || maxDecodingPixels < 0) {
                throw new IllegalArgumentException("dfdetect.limits: max-upload-size, max-pixels and max-parts must be "
                        + "positive, max-decoding-pixels positive or 0 (auto)");
            }
        }

        public long effectiveMaxDecodingPixels() {
            return maxDecodingPixels > 0 ? maxDecodingPixels
                    : DECODING_PIXELS_PER_CORE * Runtime.getRuntime().availableProcessors();
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
}
