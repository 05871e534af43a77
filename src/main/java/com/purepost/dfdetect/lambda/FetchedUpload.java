package com.purepost.dfdetect.lambda;

import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.util.Arrays;

/**
 * An uploaded object as fetched for scoring: its metadata, what it turned out to be, and its bytes
 * when it is an image within the size limit.
 */
record FetchedUpload(GetObjectResponse response, Kind kind, byte[] bytes) {

    /** What the fetch found. */
    enum Kind {
        /** Meant as an image and within the limit: its bytes are here. */
        IMAGE,
        /** Neither its name, its content type nor its first bytes say image; not read further. */
        NOT_AN_IMAGE,
        /** Larger than the limit; not read further. */
        TOO_LARGE
    }

    /**
     * Reads the object inside the S3 call, so that the call's timeouts and retries cover its body as
     * well: a body that stalls fails the call instead of holding the invocation until Lambda's
     * timeout. Stops reading as soon as it knows the object will not be scored.
     */
    static ResponseTransformer<GetObjectResponse, FetchedUpload> reader(String key, long maxBytes) {
        return (response, body) -> {
            try {
                return read(key, maxBytes, response, body);
            } catch (IOException e) {
                // The SDK retries a failure inside a transformer only when told it may: a body cut off or
                // stalled is as passing as a refused connection, and the object can be read again.
                throw RetryableException.create("reading the object's body failed: " + e.getMessage(), e);
            }
        };
    }

    private static FetchedUpload read(String key, long maxBytes, GetObjectResponse response, AbortableInputStream body)
            throws IOException {
        byte[] head = body.readNBytes(ImageCandidates.HEAD_BYTES);
        if (!ImageCandidates.isCandidate(key, response.contentType(), head)) {
            body.abort();
            return new FetchedUpload(response, Kind.NOT_AN_IMAGE, null);
        }
        Long declared = response.contentLength();
        if (declared != null && declared > maxBytes) {
            body.abort();
            return new FetchedUpload(response, Kind.TOO_LARGE, null);
        }
        // One byte past the limit tells an object that is too large even when its length was not declared.
        byte[] rest = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1 - head.length));
        if (head.length + rest.length > maxBytes) {
            body.abort();
            return new FetchedUpload(response, Kind.TOO_LARGE, null);
        }
        byte[] all = Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return new FetchedUpload(response, Kind.IMAGE, all);
    }

    /** The size the object declared, or the bytes read when it declared none. */
    long length() {
        Long declared = response.contentLength();
        return declared != null ? declared : bytes == null ? -1 : bytes.length;
    }
}
