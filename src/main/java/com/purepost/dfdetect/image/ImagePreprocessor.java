package com.purepost.dfdetect.image;

import javax.imageio.ImageIO;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Interim preprocessing while the Pillow-exact pipeline is built on its own branch; replaced on merge. */
public final class ImagePreprocessor {
    public static final int SIZE = 224;
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final long maxPixels;

    public ImagePreprocessor(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public float[] toTensor(byte[] encoded) {
        if (encoded.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.Reason.EMPTY, "The file is empty");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT, "The image is truncated or corrupt", e);
        }
        if (image == null) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                    "The file is not an image in a supported format");
        }
        if ((long) image.getWidth() * image.getHeight() > maxPixels) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_PIXELS, "too many pixels");
        }
        BufferedImage scaled = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        scaled.getGraphics().drawImage(image.getScaledInstance(SIZE, SIZE, Image.SCALE_SMOOTH), 0, 0, null);
        float[] tensor = new float[3 * SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int rgb = scaled.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int v = (rgb >> (16 - 8 * c)) & 0xFF;
                    tensor[c * SIZE * SIZE + y * SIZE + x] = (v / 255f - MEAN[c]) / STD[c];
                }
            }
        }
        return tensor;
    }
}
