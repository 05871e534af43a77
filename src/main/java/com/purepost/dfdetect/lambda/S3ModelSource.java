package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.config.ModelSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Serves a model named by {@code dfdetect.model.uri} ({@code DFDETECT_MODEL_URI}, an
 * {@code s3://bucket/key}): downloads it once, at start, into a writable directory (on Lambda the
 * task root is read-only and only {@code /tmp} can be written), and points the model settings there.
 * The labels stay those of the configured model directory. A download that fails stops the start:
 * serving a stand-in in its place would hide that the real model is missing. The download names the
 * expected bucket owner ({@code dfdetect.s3.expected-bucket-owner}) and, when pinned, the object's
 * version ({@code dfdetect.model.version-id}); the downloaded file is then held to the same digest pin
 * and stand-in rule as a local one, by the model provider that opens it.
 */
final class S3ModelSource implements ModelSource {

    private static final Logger log = LoggerFactory.getLogger(S3ModelSource.class);

    private final Supplier<S3Client> s3;
    private final Path downloadDir;
    private final Duration timeout;
    private final String expectedBucketOwner;

    /**
     * @param s3      asked for only when a URI is set, so that a local model costs no S3 client
     * @param timeout the whole download at most, retries included: the model is far larger than the
     *                uploads the client's own call timeout is sized for
     * @param expectedBucketOwner the account that must own the model's bucket; null names none
     */
    S3ModelSource(Supplier<S3Client> s3, Path downloadDir, Duration timeout, String expectedBucketOwner) {
        this.s3 = s3;
        this.downloadDir = downloadDir;
        this.timeout = timeout;
        this.expectedBucketOwner = expectedBucketOwner;
    }

    @Override
    public DfdetectProperties.Model locate(DfdetectProperties.Model settings) {
        if (settings.uri() == null || settings.uri().isBlank()) {
            return settings;
        }
        S3Location location = S3Location.parse(settings.uri());
        Path target = downloadDir.resolve(location.fileName());
        long started = System.nanoTime();
        try {
            Files.createDirectories(downloadDir);
            Path partial = downloadDir.resolve(location.fileName() + ".part");
            Files.deleteIfExists(partial);
            s3.get().getObject(GetObjectRequest.builder().bucket(location.bucket()).key(location.key())
                    .versionId(settings.versionId()).expectedBucketOwner(expectedBucketOwner)
                    .overrideConfiguration(call -> call.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout)).build(), partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the model from " + location + " in " + downloadDir, e);
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot download the model from " + location + ": " + e.getMessage(), e);
        }
        log.info("Downloaded the model {}{} to {} ({} bytes, {} ms)", location,
                settings.versionId() == null ? "" : " (version " + settings.versionId() + ")", target,
                target.toFile().length(), (System.nanoTime() - started) / 1_000_000);
        return settings.relocated(downloadDir, location.fileName(), false);
    }
}
