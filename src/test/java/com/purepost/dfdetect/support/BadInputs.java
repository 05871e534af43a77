package com.purepost.dfdetect.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Uploads that are not images the service can score, each with the status it must get whichever way
 * it arrives (over HTTP, through API Gateway), and odd files Pillow scores, which must be scored too.
 * All made in code: no binary fixtures.
 */
public final class BadInputs {

    /** One upload: what it is, its bytes, and the status it gets. */
    public record Upload(String description, byte[] bytes, int status) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** A request to {@code /predict} refused for its shape rather than its image, and the status it gets. */
    public record Request(String description, String method, String contentType, byte[] body, int status) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** Made once: deflating 716 MB takes a moment. */
    private static final byte[] RGBA_PNG_AT_THE_LIMIT = HandMadeImages.transparentRgbaPng(16_384, 10_922);

    private BadInputs() {
    }

    /** Requests whose form is wrong: field, parts, method, content type, body. */
    public static List<Request> badRequests() {
        byte[] image = TestImages.jpeg(32, 32);
        MultipartUpload otherField = new MultipartUpload()
                .with(new MultipartUpload.Part("image", "image.jpg", "image/jpeg", image));
        MultipartUpload twoFiles = MultipartUpload.asPurePostSends(image)
                .with(new MultipartUpload.Part("file", "other.jpg", "image/jpeg", image));
        MultipartUpload longPartHeader = new MultipartUpload()
                .with(new MultipartUpload.Part("file", "i".repeat(4096) + ".jpg", "image/jpeg", image));
        MultipartUpload manyParts = MultipartUpload.asPurePostSends(image);
        for (int i = 0; i < 20; i++) {
            manyParts.with(new MultipartUpload.Part("field" + i, null, null, text("value")));
        }
        return List.of(
                multipart("an image in a field other than 'file'", otherField, 400),
                multipart("two files in field 'file'", twoFiles, 400),
                multipart("a part whose headers are over the limit", longPartHeader, 400),
                multipart("more parts than the limit", manyParts, 400),
                new Request("a GET", "GET", null, null, 405),
                new Request("a POST with no body and no content type", "POST", null, new byte[0], 415),
                new Request("a multipart content type and no body", "POST", MultipartUpload.CONTENT_TYPE, new byte[0], 400),
                new Request("a multipart content type without a boundary", "POST", "multipart/form-data",
                        MultipartUpload.asPurePostSends(image).body(), 400),
                new Request("a raw image/jpeg body that is empty", "POST", "image/jpeg", new byte[0], 400),
                new Request("a JSON body", "POST", "application/json", text("{\"file\": \"aGVsbG8=\"}"), 415),
                new Request("a text/plain body", "POST", "text/plain", text("hello"), 415),
                new Request("a URL-encoded form", "POST", "application/x-www-form-urlencoded", text("file=hello"), 415));
    }

    private static Request multipart(String description, MultipartUpload form, int status) {
        return new Request(description, "POST", form.contentType(), form.body(), status);
    }

    /** Uploads refused with a 4xx, PurePost's multipart form or raw alike. */
    public static List<Upload> refused() {
        byte[] jpeg = TestImages.jpeg(96, 64);
        byte[] png = TestImages.png(96, 64);
        return List.of(
                new Upload("an empty file", new byte[0], 400),
                new Upload("a text file", text("hello, this is not an image\n"), 415),
                new Upload("an HTML page", text("<!DOCTYPE html><html><body><img src=x></body></html>"), 415),
                new Upload("an SVG image", text("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" "
                        + "width=\"64\" height=\"64\"><rect width=\"64\" height=\"64\" fill=\"red\"/></svg>"), 415),
                new Upload("a PDF", text("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << >>\n%%EOF\n"), 415),
                new Upload("a ZIP holding a JPEG", zipHolding("image.jpg", jpeg), 415),
                new Upload("a truncated JPEG", TestImages.truncated(jpeg, 0.5), 400),
                new Upload("a truncated PNG", TestImages.truncated(png, 0.5), 400),
                new Upload("a JPEG of headers only", HandMadeImages.jpegHeadersOnly(jpeg), 400),
                new Upload("a PNG of its header only, claiming 1x65535", HandMadeImages.png(HandMadeImages.chunk("IHDR",
                        HandMadeImages.rgbHeader(1, 65_535)), HandMadeImages.chunk("IEND", new byte[0])), 400),
                new Upload("the JPEG start marker followed by garbage", garbageAfterStartMarker(), 400),
                new Upload("a PNG whose header chunk has a broken CRC", HandMadeImages.withBrokenCrc(png, "IHDR"), 400),
                new Upload("a tiny PNG claiming 50000x50000", HandMadeImages.pngClaiming(50_000, 50_000), 413),
                new Upload("a JPEG claiming 50000x50000", HandMadeImages.withClaimedSize(jpeg, 50_000, 50_000), 413),
                new Upload("a GIF claiming 65535x65535", HandMadeImages.gifClaiming(65_535, 65_535), 413),
                new Upload("a BMP claiming 50000x50000", HandMadeImages.bmpClaiming(50_000, 50_000), 413),
                new Upload("a WebP claiming 16384x16384", HandMadeImages.webpClaiming(16_384, 16_384), 413),
                new Upload("a PNG claiming 0x0", HandMadeImages.pngClaiming(0, 0), 400),
                new Upload("a JPEG claiming 0x0", HandMadeImages.jpegClaiming(0, 0), 400),
                new Upload("a progressive JPEG of 5001 scans", SlowJpegs.repeatedScans(1024, 5000), 400),
                // Within Pillow's pixel limit, which the original service decoded at great cost
                new Upload("a 29-byte GIF of a 65535x2730 screen around one pixel",
                        HandMadeImages.gifScreenAroundOnePixel(65_535, 2_730), 413),
                new Upload("a 128-byte RLE8 BMP of 65535x2730 in eleven deltas", HandMadeImages.bmpRle8OfDeltas(65_535, 2_730), 413),
                new Upload("a whole 16384x10922 RGBA PNG (716 MB of pixels in 0.7 MB)", RGBA_PNG_AT_THE_LIMIT, 413),
                new Upload("a progressive JPEG of 151 megapixels in 61 scans", SlowJpegs.repeatedScans(12_288, 60), 413));
    }

    /** Files that look odd but that Pillow decodes, so the original service scored them: scored here too. */
    public static List<Upload> scoredAsPillowScoresThem() {
        byte[] png = TestImages.png(96, 64);
        return List.of(
                // Pillow checks the CRC of the chunks before the image data only.
                new Upload("a PNG whose image data chunk has a broken CRC", HandMadeImages.withBrokenCrc(png, "IDAT"), 200),
                new Upload("a whole 1x65535 PNG", HandMadeImages.greyPng(1, 65_535, 128), 200),
                // A zlib stream that ends cleanly after a row leaves the rows it lacks black in Pillow.
                new Upload("a 1x65535 PNG holding one row of data", HandMadeImages.pngClaiming(1, 65_535), 200),
                // libjpeg warns of corrupt data and decodes what it can; Pillow scores the result.
                new Upload("a JPEG whose scan data is garbage", HandMadeImages.withGarbageScan(TestImages.jpeg(96, 64), 3), 200));
    }

    private static byte[] garbageAfterStartMarker() {
        byte[] bytes = new byte[512];
        new java.util.SplittableRandom(5).nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        return bytes;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] zipHolding(String name, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
