package com.purepost.dfdetect.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.purepost.dfdetect.image.ImageRejectedException.Reason;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every way an upload is refused: with a reason, a sentence a person understands, and cheaply. */
class ImageRejectionTest {

    private static final long LIMIT = ImagePreprocessor.PILLOW_PIXEL_LIMIT;
    private static final long HEADER_ONLY_ALLOCATION = 1 << 20;
    private final ImagePreprocessor preprocessor = new ImagePreprocessor(LIMIT);

    private ImageRejectedException refusal(byte[] bytes) {
        return assertThrows(ImageRejectedException.class, () -> preprocessor.toTensor(bytes));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void refusesAnEmptyFile() {
        ImageRejectedException e = refusal(new byte[0]);
        assertEquals(Reason.EMPTY, e.reason());
        assertEquals("The file is empty", e.getMessage());
        assertEquals(Reason.EMPTY, refusal(null).reason());
    }

    @Test
    void refusesATextFileSentAsJpeg() {
        ImageRejectedException e = refusal(ascii("just some text, named image.jpg\n"));
        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
        assertEquals("The file is not an image in a supported format (JPEG, PNG, WebP, GIF, BMP)", e.getMessage());
    }

    @Test
    void refusesAnHtmlPage() {
        assertEquals(Reason.UNSUPPORTED_FORMAT, refusal(ascii("<!DOCTYPE html><html><body>hi</body></html>")).reason());
    }

    @Test
    void refusesAPdf() {
        assertEquals(Reason.UNSUPPORTED_FORMAT, refusal(ascii("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n")).reason());
    }

    @Test
    void refusesTheFirstBytesOfAJpegAlone() {
        ImageRejectedException e = refusal(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("The JPEG data is truncated or corrupt"), e.getMessage());
    }

    @Test
    void refusesATruncatedJpeg() {
        byte[] jpeg = TestImages.encoded("jpeg", 120, 90);
        ImageRejectedException e = refusal(TestImages.cut(jpeg, jpeg.length * 2 / 3));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("The JPEG data is truncated or corrupt"), e.getMessage());
    }

    @Test
    void refusesATruncatedPng() {
        byte[] png = TestImages.encoded("png", 120, 90);
        ImageRejectedException e = refusal(TestImages.cut(png, png.length / 2));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("The PNG data is truncated or corrupt"), e.getMessage());
    }

    @Test
    void refusesAPngWhoseImageDataHoldsFewerRowsThanItsHeaderDeclares() {
        // one compressed empty row for a 100x100 header: the stream ends inside the first row
        ImageRejectedException e = refusal(TestImages.pngClaiming(100, 100));
        assertEquals(Reason.CORRUPT, e.reason());
    }

    @Test
    void refusesABmpWithoutThePixelsItsHeaderDeclares() {
        assertEquals(Reason.CORRUPT, refusal(TestImages.bmpClaiming(100, 100)).reason());
    }

    @Test
    void refusesAGifWhoseImageDataEndsBeforeItsLastPixel() {
        byte[] gif = TestImages.gifClaiming(1, 1);
        gif[20] = 2; // the frame is now 2 pixels high, the data still holds one
        assertEquals(Reason.CORRUPT, refusal(gif).reason());
    }

    @Test
    void refusesATinyPngClaiming50000By50000Pixels() {
        ImageRejectedException e = refusedCheaply(() -> refusal(TestImages.pngClaiming(50000, 50000)));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
        assertEquals("Image is 50000x50000 pixels; the limit is 178956970 pixels", e.getMessage());
    }

    @Test
    void refusesATinyJpegClaiming50000By50000Pixels() {
        ImageRejectedException e = refusedCheaply(() -> refusal(TestImages.jpegClaiming(50000, 50000, 8, 0xC0)));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
    }

    @Test
    void refusesATinyGifClaimingAScreenOf50000By50000() {
        ImageRejectedException e = refusedCheaply(() -> refusal(TestImages.gifClaiming(50000, 50000)));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
    }

    @Test
    void refusesATinyBmpClaiming50000By50000Pixels() {
        ImageRejectedException e = refusedCheaply(() -> refusal(TestImages.bmpClaiming(50000, 50000)));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
    }

    @Test
    void refusesATinyWebpClaimingACanvasOf50000By50000() {
        ImageRejectedException e = refusedCheaply(() -> refusal(TestImages.webpClaiming(50000, 50000)));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
    }

    @Test
    void refusesANeedleOfAnImageWhoseResizeWouldWorkThroughMorePixelsThanTheLimit() {
        ImageRejectedException e = refusedCheaply(() -> refusal(TestImages.pngClaiming(1, 1_000_000)));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
        assertEquals("Image is 1x1000000 pixels; resizing it works through 224x1000000 pixels, "
                + "over the limit of 178956970 pixels", e.getMessage());
    }

    @Test
    void refusesAnImageOnePixelOverTheConfiguredLimitAndDecodesOneAtIt() {
        byte[] png = TestImages.encoded("png", 100, 50);
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> new ImagePreprocessor(4999).toTensor(png));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
        assertEquals("Image is 100x50 pixels; the limit is 4999 pixels", e.getMessage());
        assertEquals(3 * 224 * 224, new ImagePreprocessor(5000).toTensor(png).length);
    }

    @Test
    void refusesA12BitJpegAsPillowDoes() {
        ImageRejectedException e = refusal(TestImages.jpegClaiming(64, 64, 12, 0xC1));
        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
        assertEquals("This kind of JPEG is not supported: 12-bit samples", e.getMessage());
    }

    @Test
    void refusesAnArithmeticCodedJpegAsPillowDoes() {
        assertEquals(Reason.UNSUPPORTED_FORMAT, refusal(TestImages.jpegClaiming(64, 64, 8, 0xC9)).reason());
    }

    @Test
    void turnsAnExceptionInsideADecoderIntoCorrupt() {
        assertEquals(Reason.CORRUPT, withFailingPngDecoder(() -> new IllegalStateException("bug")).reason());
    }

    @Test
    void turnsADecodersOutOfMemoryErrorIntoCorrupt() {
        ImageRejectedException e = withFailingPngDecoder(() -> new OutOfMemoryError("Java heap space"));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("The PNG data is truncated or corrupt"), e.getMessage());
    }

    @Test
    void refusesAPixelLimitNoArrayCouldHold() {
        assertThrows(IllegalArgumentException.class, () -> new ImagePreprocessor(ImagePreprocessor.MAX_PIXEL_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> new ImagePreprocessor(0));
    }

    private static ImageRejectedException withFailingPngDecoder(Supplier<Throwable> failure) {
        Map<ImageFormat, ImageDecoder> decoders = new EnumMap<>(ImageDecoders.standard());
        decoders.put(ImageFormat.PNG, new ImageDecoder() {
            @Override
            public DecodedImage decode(byte[] data, DecodeBudget.Claim claim) {
                Throwable t = failure.get();
                if (t instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) t;
            }

            @Override
            public String describe() {
                return "a decoder that fails";
            }
        });
        ImagePreprocessor failing = new ImagePreprocessor(LIMIT, decoders);
        byte[] png = TestImages.encoded("png", 8, 8);
        return assertThrows(ImageRejectedException.class, () -> failing.toTensor(png));
    }

    /** The refusal, after checking that it allocated no more than a header's worth of memory. */
    private static ImageRejectedException refusedCheaply(Supplier<ImageRejectedException> refusal) {
        refusal.get(); // warm up class loading, so that only the refusal itself is measured
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ImageRejectedException e = refusal.get();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < HEADER_ONLY_ALLOCATION, "allocated " + allocated + " bytes to refuse it");
        return e;
    }
}
