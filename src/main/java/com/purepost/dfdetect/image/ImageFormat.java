package com.purepost.dfdetect.image;

import java.nio.charset.StandardCharsets;

/**
 * The formats we decode, recognised by their first bytes exactly as Pillow's plugins recognise them.
 * The file name and content type a caller gives are never consulted: PurePost calls every upload
 * {@code image.jpg}.
 */
enum ImageFormat {
    JPEG("JPEG"),
    PNG("PNG"),
    GIF("GIF"),
    BMP("BMP"),
    WEBP("WebP");

    static final String SUPPORTED = "JPEG, PNG, WebP, GIF, BMP";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String label;

    ImageFormat(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The format the bytes start like, or null when they are none of ours. */
    static ImageFormat sniff(byte[] data) {
        if (startsWith(data, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return JPEG;
        }
        if (startsWith(data, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        if (startsWith(data, 0, ascii("GIF87a")) || startsWith(data, 0, ascii("GIF89a"))) {
            return GIF;
        }
        if (startsWith(data, 0, ascii("BM"))) {
            return BMP;
        }
        if (startsWith(data, 0, ascii("RIFF")) && startsWith(data, 8, ascii("WEBP"))) {
            return WEBP;
        }
        return null;
    }

    /** A refusal for data of this format that cannot be decoded; {@code detail} says what is wrong. */
    ImageRejectedException corrupt(String detail) {
        return new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                "The " + label + " data is truncated or corrupt (" + detail + ")");
    }

    ImageRejectedException corrupt(String detail, Throwable cause) {
        return new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                "The " + label + " data is truncated or corrupt (" + detail + ")", cause);
    }

    /** A refusal for a variant of this format that Pillow 9.4 did not decode either. */
    ImageRejectedException unsupported(String variant) {
        return new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                "This kind of " + label + " is not supported: " + variant);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
