package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.detect.ImageRequest;

import java.util.List;
import java.util.Locale;

/**
 * Finds the image in a {@code POST /predict} body, as the HTTP app accepts it: the {@code file} part
 * of multipart/form-data (PurePost's way), or a raw {@code image/*} or octet-stream body. Refuses, in
 * the words the HTTP app uses, a body over the limit, a missing part or another content type.
 */
final class UploadedImage {

    /**
     * The most a synchronous Lambda invocation can carry. The image is further inflated by a third
     * through base64, so through API Gateway about 4.5 MB is the practical ceiling.
     */
    static final long LAMBDA_PAYLOAD_BYTES = 6L * 1024 * 1024;

    static final String SEND_MULTIPART =
            "Send the image as multipart/form-data in a field named 'file' (or as a raw image/* body).";

    private final long limit;
    private final int maxParts;
    private final int maxPartHeaderBytes;
    private final String resultsPrefix;

    /**
     * @param maxUploadSize the service's upload limit; through API Gateway the Lambda payload limit
     *                      applies too, whichever is lower
     * @param maxParts      parts a multipart body may have
     * @param maxPartHeaderBytes bytes of headers one part may have
     * @param resultsPrefix where S3-triggered results are written, named in the 413 answer
     */
    UploadedImage(long maxUploadSize, int maxParts, int maxPartHeaderBytes, String resultsPrefix) {
        this.limit = Math.min(maxUploadSize, LAMBDA_PAYLOAD_BYTES);
        this.maxParts = maxParts;
        this.maxPartHeaderBytes = maxPartHeaderBytes;
        this.resultsPrefix = resultsPrefix;
    }

    ImageRequest from(GatewayRequest request) {
        byte[] body = request.body();
        if (body.length > limit) {
            throw new RequestRefusedException(413, "The upload (" + megabytes(body.length) + ") is larger than the limit of "
                    + megabytes(limit) + " for API Gateway, whose requests to Lambda carry at most 6 MB (about 4.5 MB "
                    + "of image once base64-encoded). Upload larger images to the S3 bucket that triggers this "
                    + "function instead; the result is written as JSON under '" + resultsPrefix + "'.");
        }
        String contentType = request.header("Content-Type").orElse(null);
        String mediaType = HeaderValue.parse(contentType).token();
        if (mediaType.equals("multipart/form-data")) {
            String boundary = MultipartFormData.boundaryOf(contentType).orElseThrow(() -> new RequestRefusedException(400,
                    "The multipart body cannot be read (its Content-Type has no boundary of 1 to 70 characters). "
                            + SEND_MULTIPART));
            MultipartFormData.Part file = onlyFile(body, boundary);
            return new ImageRequest(file.content(), file.fileName(), file.contentType());
        }
        if (mediaType.startsWith("image/") || mediaType.equals("application/octet-stream")) {
            return new ImageRequest(body, null, contentType);
        }
        throw new RequestRefusedException(415, "Content type " + (contentType == null ? "(none)" : contentType)
                + " is not accepted. " + SEND_MULTIPART);
    }

    private MultipartFormData.Part onlyFile(byte[] body, String boundary) {
        List<MultipartFormData.Part> files;
        try {
            files = MultipartFormData.parse(body, boundary, maxParts, maxPartHeaderBytes).stream()
                    .filter(part -> "file".equals(part.name())).toList();
        } catch (MalformedMultipartException e) {
            throw new RequestRefusedException(400, "The multipart body cannot be read (" + e.getMessage() + "). "
                    + SEND_MULTIPART);
        }
        if (files.isEmpty()) {
            throw new RequestRefusedException(400, "The request has no 'file' part. " + SEND_MULTIPART);
        }
        if (files.size() > 1) {
            // As the HTTP app: which of several images to score is not ours to guess.
            throw new RequestRefusedException(400, "The request holds " + files.size()
                    + " files in field 'file'; send one image per request.");
        }
        return files.get(0);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
