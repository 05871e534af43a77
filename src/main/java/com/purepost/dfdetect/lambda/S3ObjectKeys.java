package com.purepost.dfdetect.lambda;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Object keys as S3 event notifications spell them: form-URL-encoded, so a space arrives as
 * {@code +}, a literal plus as {@code %2B}, and other characters as {@code %XX} escapes of their
 * UTF-8 bytes. The encoded key names no object; only the decoded one does.
 */
final class S3ObjectKeys {

    private S3ObjectKeys() {
    }

    static String decode(String eventKey) {
        return URLDecoder.decode(eventKey, StandardCharsets.UTF_8);
    }
}
