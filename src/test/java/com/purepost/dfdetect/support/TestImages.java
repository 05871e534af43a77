package com.purepost.dfdetect.support;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Images made for tests: seeded noise with stripes, so that decoding or resizing mistakes would show. */
public final class TestImages {

    private TestImages() {
    }

    public static BufferedImage noise(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int stripe = (x / 3 + y / 5) % 2 == 0 ? 0x40 : 0;
                image.setRGB(x, y, (random.nextInt(0x1000000) & 0xBFBFBF) + (stripe << 16));
            }
        }
        return image;
    }

    /** The image encoded by the JDK's own writer in {@code format} (jpeg, png, gif, bmp). */
    public static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] jpeg(int width, int height) {
        return encode(noise(width, height, 7), "jpeg");
    }

    public static byte[] png(int width, int height) {
        return encode(noise(width, height, 11), "png");
    }

    /** A committed fixture from {@code src/test/resources/images}. */
    public static byte[] resource(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test image " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code fraction} of the bytes, as an interrupted upload would leave them. */
    public static byte[] truncated(byte[] image, double fraction) {
        return Arrays.copyOf(image, (int) (image.length * fraction));
    }
}
