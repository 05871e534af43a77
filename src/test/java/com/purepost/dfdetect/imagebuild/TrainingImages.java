package com.purepost.dfdetect.imagebuild;

import com.purepost.dfdetect.support.TestImages;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The uploads a training run sends: made here by the JDK's own encoders (and one committed WebP
 * fixture), so that no sample photo has to be in the build context. Several sizes and formats, so
 * that the decoders, the resampling paths and the model all run while the cache records.
 */
final class TrainingImages {

    private TrainingImages() {
    }

    /** File bytes by a short name, every one a valid image the service scores. */
    static Map<String, byte[]> valid() {
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put("jpeg 1024x768", TestImages.jpeg(1024, 768));
        images.put("jpeg 224x224", TestImages.jpeg(224, 224));
        images.put("png 640x480", TestImages.png(640, 480));
        images.put("gif 320x240", TestImages.encode(TestImages.noise(320, 240, 3), "gif"));
        images.put("bmp 300x200", TestImages.encode(TestImages.noise(300, 200, 5), "bmp"));
        images.put("webp 48x36", TestImages.resource("noise-48x36.webp"));
        return images;
    }

    /** Text sent as a JPEG: the service must refuse it (415). */
    static byte[] notAnImage() {
        return "this is not an image, whatever its name says".getBytes(StandardCharsets.UTF_8);
    }
}
