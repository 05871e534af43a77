package com.purepost.dfdetect.lambda;

import java.util.Locale;
import java.util.Set;

/**
 * Whether an uploaded object is meant as an image, so worth scoring: its name ends like one of the
 * formats the service reads, its content type is {@code image/*}, or its first bytes carry an image
 * signature. Objects that fail all three (a text file, a JSON document) are skipped without a
 * result; anything meant as an image is scored, and refused in its result if it does not decode.
 */
final class ImageCandidates {

    /** The extensions the original service accepted, and the other formats the service decodes. */
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "gif", "bmp");

    /** Bytes to read before deciding: enough for every signature below. */
    static final int HEAD_BYTES = 12;

    private ImageCandidates() {
    }

    static boolean isCandidate(String key, String contentType, byte[] head) {
        return hasImageExtension(key) || isImageContentType(contentType) || hasImageSignature(head);
    }

    static boolean hasImageExtension(String key) {
        int dot = key.lastIndexOf('.');
        return dot >= 0 && dot > key.lastIndexOf('/') && EXTENSIONS.contains(key.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static boolean isImageContentType(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("image/");
    }

    static boolean hasImageSignature(byte[] head) {
        return startsWith(head, 0, 0xFF, 0xD8, 0xFF)                                  // JPEG
                || startsWith(head, 0, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n')  // PNG
                || startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')
                || startsWith(head, 0, 'G', 'I', 'F', '8');
    }

    private static boolean startsWith(byte[] head, int offset, int... signature) {
        if (head == null || head.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[offset + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
