package com.purepost.dfdetect.lambda;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the result of an S3-triggered run is written: {@code <prefix><source key>.json}, in the
 * configured bucket or else the upload's own. Keys under the prefix are results and are never
 * scored, which is what keeps a bucket-wide trigger from feeding on its own output.
 *
 * <p>S3 keys are at most {@value #MAX_KEY_BYTES} bytes of UTF-8, so an upload key near that limit has
 * no room for the prefix and suffix. Its result key is then shortened, the same way every time: the
 * prefix, as much of the upload key as fits (whole characters), {@code ~}, the SHA-256 of the whole
 * upload key, {@code .json}. Two long keys never share a result; the result document names its upload's
 * full key.
 */
record ResultLocation(String bucket, String prefix) {

    /** S3's limit on an object key, in bytes of UTF-8. */
    static final int MAX_KEY_BYTES = 1024;
    private static final String SUFFIX = ".json";
    private static final String HASH_MARK = "~";
    /** Room a prefix leaves for a readable part of the upload key when it must be shortened. */
    private static final int MAX_PREFIX_BYTES = MAX_KEY_BYTES / 2;

    ResultLocation {
        bucket = bucket == null || bucket.isBlank() ? null : bucket.strip();
        prefix = prefix == null ? "" : prefix;
        if (utf8Length(prefix) > MAX_PREFIX_BYTES) {
            throw new IllegalArgumentException("dfdetect.results.prefix is longer than " + MAX_PREFIX_BYTES
                    + " bytes: result keys (at most " + MAX_KEY_BYTES + " bytes in S3) would have no room for the upload's key");
        }
    }

    String bucketFor(String sourceBucket) {
        return bucket == null ? sourceBucket : bucket;
    }

    String keyFor(String sourceKey) {
        String key = prefix + sourceKey + SUFFIX;
        if (utf8Length(key) <= MAX_KEY_BYTES) {
            return key;
        }
        String hash = sha256(sourceKey);
        int room = MAX_KEY_BYTES - utf8Length(prefix) - HASH_MARK.length() - hash.length() - SUFFIX.length();
        return prefix + head(sourceKey, room) + HASH_MARK + hash + SUFFIX;
    }

    boolean holds(String key) {
        return !prefix.isEmpty() && key.startsWith(prefix);
    }

    /** The longest start of {@code text} in whole characters whose UTF-8 takes at most {@code bytes}. */
    private static String head(String text, int bytes) {
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = utf8Length(new String(Character.toChars(codePoint)));
            if (used + size > bytes) {
                break;
            }
            used += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
