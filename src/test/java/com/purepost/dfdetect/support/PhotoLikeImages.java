package com.purepost.dfdetect.support;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * Images shaped like real uploads for load tests: smooth light, a few hard edges and mild sensor
 * noise, so that their files are about as large as photos of the same size (3 MB for 12 MP at a
 * phone's JPEG quality). Pure noise would make files several times larger and decoding slower than
 * anything PurePost sends.
 */
public final class PhotoLikeImages {

    /** About what phone cameras write. */
    private static final float JPEG_QUALITY = 0.9f;

    private PhotoLikeImages() {
    }

    /** A photo: gradients, blocks of colour and noise of amplitude {@code noise} (0 for a flat screenshot). */
    public static BufferedImage render(int width, int height, int noise, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        SplittableRandom random = new SplittableRandom(seed);
        int blocks = 6;
        int[][] blockColours = new int[blocks * blocks][3];
        for (int[] colour : blockColours) {
            for (int c = 0; c < 3; c++) {
                colour[c] = random.nextInt(-60, 61);
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int block = (y * blocks / height) * blocks + x * blocks / width;
                int at = 3 * (y * width + x);
                for (int c = 0; c < 3; c++) {
                    int light = (c == 0 ? x * 200 / width : c == 1 ? y * 200 / height : (x + y) * 100 / (width + height)) + 28;
                    int grain = noise == 0 ? 0 : random.nextInt(-noise, noise + 1);
                    bgr[at + c] = (byte) Math.max(0, Math.min(255, light + blockColours[block][c] + grain));
                }
            }
        }
        return image;
    }

    public static byte[] jpeg(int width, int height, long seed) {
        return jpeg(render(width, height, 6, seed));
    }

    /** A screenshot: flat colours without grain, as PNG. */
    public static byte[] screenshotPng(int width, int height, long seed) {
        return TestImages.encode(render(width, height, 0, seed), "png");
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam quality = writer.getDefaultWriteParam();
            quality.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            quality.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), quality);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }
}
