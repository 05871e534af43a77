package com.purepost.dfdetect.image;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which decoder serves each format on this machine, chosen once and logged once. Native libraries
 * win where they are Pillow's own (libjpeg-turbo, libwebp); without libturbojpeg, JPEG falls back to
 * the JDK's reader; without libwebp, WebP is refused, since no Java decoder gives libwebp's pixels.
 */
final class ImageDecoders {

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoders.class);
    private static final Map<ImageFormat, ImageDecoder> STANDARD = choose();

    private ImageDecoders() {
    }

    static Map<ImageFormat, ImageDecoder> standard() {
        return STANDARD;
    }

    private static Map<ImageFormat, ImageDecoder> choose() {
        Map<ImageFormat, ImageDecoder> decoders = new EnumMap<>(ImageFormat.class);
        if (TurboJpegDecoder.available()) {
            decoders.put(ImageFormat.JPEG, new TurboJpegDecoder());
        } else {
            LOG.warn("libturbojpeg not found ({}): JPEG falls back to the JDK's reader, whose pixels differ "
                    + "from Pillow's on JDKs that bundle libjpeg 6b", TurboJpeg.loadFailure().toString());
            decoders.put(ImageFormat.JPEG, new ImageIoJpegDecoder());
        }
        decoders.put(ImageFormat.PNG, new PngDecoder());
        decoders.put(ImageFormat.GIF, new GifDecoder());
        decoders.put(ImageFormat.BMP, new BmpDecoder());
        if (WebpDecoder.available()) {
            decoders.put(ImageFormat.WEBP, new WebpDecoder());
        } else {
            LOG.warn("libwebp not found ({}): WebP images will be refused", LibWebp.loadFailure().toString());
        }
        for (ImageDecoder decoder : decoders.values()) {
            LOG.info("Image decoder for {}", decoder.describe());
        }
        LOG.info(NativeBufferReturn.ensureApplied()
                ? "Large native image buffers go back to the system as soon as they are freed (glibc mmap threshold fixed)"
                : "Native image buffers are returned to the system as the C library decides");
        return Collections.unmodifiableMap(decoders);
    }
}
