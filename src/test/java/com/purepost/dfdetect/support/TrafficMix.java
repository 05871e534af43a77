package com.purepost.dfdetect.support;

import com.purepost.dfdetect.support.OneShotHttp.Request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a load run sends: requests prepared once, each with a weight and the status it must get.
 * Request {@code i} of a run is picked from the weights by a generator seeded with {@code i}, so a
 * run sends the same sequence every time, whatever the threads.
 */
public final class TrafficMix {

    /** One kind of request, how often it comes, and the status that is right for it (200: a good image). */
    public record Entry(String name, Request request, int weight, int expectedStatus) {

        public boolean isGoodImage() {
            return expectedStatus == 200;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private int totalWeight;

    public TrafficMix add(String name, Request request, int weight, int expectedStatus) {
        entries.add(new Entry(name, request, weight, expectedStatus));
        totalWeight += weight;
        return this;
    }

    private TrafficMix addImage(String name, byte[] image, int weight) {
        return add(name, Request.post(MultipartUpload.asPurePostSends(image)), weight, 200);
    }

    /**
     * Uploads as a social network receives them: mostly phone photos already resized by the app, some
     * full 12 MP camera photos, screenshots as PNG, the odd GIF and WebP. All sent as PurePost sends
     * them ({@code image.jpg}, {@code image/jpeg}).
     */
    public static TrafficMix uploads() {
        return new TrafficMix()
                .addImage("JPEG 1080x1350", PhotoLikeImages.jpeg(1080, 1350, 1), 30)
                .addImage("JPEG 1920x1080", PhotoLikeImages.jpeg(1920, 1080, 2), 20)
                .addImage("JPEG 720x720", PhotoLikeImages.jpeg(720, 720, 3), 15)
                .addImage("JPEG 4032x3024 (12 MP)", PhotoLikeImages.jpeg(4032, 3024, 4), 10)
                .addImage("PNG 828x1792 screenshot", PhotoLikeImages.screenshotPng(828, 1792, 5), 10)
                .addImage("PNG 800x600", TestImages.png(800, 600), 7)
                .addImage("GIF 400x300", TestImages.encode(TestImages.noise(400, 300, 6), "gif"), 4)
                .addImage("WebP 48x36", TestImages.resource("noise-48x36.webp"), 4);
    }

    /** Full-size camera photos only: the slowest uploads to score, so the slowest pace a queue drains at. */
    public static TrafficMix largePhotos() {
        TrafficMix mix = new TrafficMix();
        for (int seed = 0; seed < 3; seed++) {
            mix.addImage("JPEG 4032x3024 (12 MP) #" + seed, PhotoLikeImages.jpeg(4032, 3024, 100 + seed), 1);
        }
        return mix;
    }

    /** Small good images (for many requests in little time) and every kind of mistake a client makes. */
    public static TrafficMix smallUploadsAndMistakes() {
        byte[] jpeg = PhotoLikeImages.jpeg(640, 480, 7);
        byte[] png = TestImages.png(320, 240);
        MultipartUpload noFilePart = new MultipartUpload().with(new MultipartUpload.Part("image", "image.jpg", "image/jpeg", jpeg));
        return new TrafficMix()
                .addImage("JPEG 640x480", jpeg, 30)
                .addImage("JPEG 1080x1350", PhotoLikeImages.jpeg(1080, 1350, 8), 15)
                .addImage("PNG 320x240", png, 15)
                .addImage("WebP 48x36", TestImages.resource("noise-48x36-lossless.webp"), 5)
                .add("health", Request.get("/health"), 5, 200)
                .add("truncated JPEG", Request.post(MultipartUpload.asPurePostSends(TestImages.truncated(jpeg, 0.5))), 6, 400)
                .add("truncated PNG", Request.post(MultipartUpload.asPurePostSends(TestImages.truncated(png, 0.5))), 4, 400)
                .add("text file", Request.post(MultipartUpload.asPurePostSends(
                        "not an image\n".getBytes(StandardCharsets.UTF_8))), 5, 415)
                .add("empty file", Request.post(MultipartUpload.asPurePostSends(new byte[0])), 3, 400)
                .add("no file part", Request.post(noFilePart), 3, 400)
                .add("unknown path", Request.get("/nothing-here"), 3, 404)
                .add("wrong method", Request.get("/predict"), 3, 405)
                .add("not multipart", new Request("POST", "/predict", "text/plain",
                        "hello".getBytes(StandardCharsets.UTF_8)), 3, 415);
    }

    public Entry pick(long index) {
        int ticket = new SplittableRandom(index).nextInt(totalWeight);
        for (Entry entry : entries) {
            ticket -= entry.weight();
            if (ticket < 0) {
                return entry;
            }
        }
        throw new IllegalStateException("weights changed during a pick");
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }
}
