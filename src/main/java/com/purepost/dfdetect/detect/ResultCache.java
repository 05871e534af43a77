package com.purepost.dfdetect.detect;

import com.purepost.dfdetect.model.ModelIdentity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recently scored images, least recently used evicted first: the same upload scored by the same model
 * (same SHA-256 of the image bytes, same SHA-256 of the model file) is answered without decoding or
 * running the model again. Bounded both in entries and in the memory its entries take.
 */
public final class ResultCache {

    /** What one cached result costs beyond its predictions: keys, map entry, record headers. */
    private static final int ENTRY_OVERHEAD_BYTES = 400;
    private static final int BYTES_PER_PREDICTION = 64;

    /** An image's fingerprint under one model. */
    public record Key(String imageSha256, String modelSha256) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<Key, PredictionResult> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public ResultCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** A cache that keeps nothing: what {@code dfdetect.cache.enabled=false} asks for. */
    public static ResultCache disabled() {
        return new ResultCache(0, 0);
    }

    /** False for a cache that keeps nothing; callers then skip hashing the image. */
    public boolean enabled() {
        return maxEntries > 0 && maxBytes > 0;
    }

    public static Key keyOf(byte[] image, ModelIdentity model) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(image);
            return new Key(HexFormat.of().formatHex(digest), model.sha256());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The cached result, or null; counts the hit or the miss. */
    public synchronized PredictionResult get(Key key) {
        PredictionResult result = entries.get(key);
        (result == null ? misses : hits).incrementAndGet();
        return result;
    }

    public synchronized void put(Key key, PredictionResult result) {
        PredictionResult previous = entries.put(key, result);
        if (previous != null) {
            bytes -= sizeOf(previous);
        }
        bytes += sizeOf(result);
        Iterator<Map.Entry<Key, PredictionResult>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
            bytes -= sizeOf(eldest.next().getValue());
            eldest.remove();
        }
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Approximate heap held by the entries. */
    public synchronized long bytes() {
        return bytes;
    }

    private static long sizeOf(PredictionResult result) {
        return ENTRY_OVERHEAD_BYTES + (long) BYTES_PER_PREDICTION * result.predictions().size()
                + (result.model() == null ? 0 : 2L * result.model().length());
    }
}
