package com.purepost.dfdetect.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Formats are told by their first bytes, as Pillow tells them, whatever the upload was called. */
class ImageFormatTest {

    @Test
    void readsEachFormatFromItsSignature() {
        assertEquals(ImageFormat.JPEG, ImageFormat.sniff(TestImages.encoded("jpeg", 4, 4)));
        assertEquals(ImageFormat.PNG, ImageFormat.sniff(TestImages.encoded("png", 4, 4)));
        assertEquals(ImageFormat.GIF, ImageFormat.sniff(TestImages.encoded("gif", 4, 4)));
        assertEquals(ImageFormat.BMP, ImageFormat.sniff(TestImages.encoded("bmp", 4, 4)));
        assertEquals(ImageFormat.WEBP, ImageFormat.sniff(TestImages.webpClaiming(4, 4)));
    }

    @Test
    void aPngNamedImageJpgIsDecodedAsPng() {
        byte[] png = TestImages.encoded("png", 30, 20);
        RgbImage decoded = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT).decodeToRgb(png);
        assertEquals(30, decoded.width());
        assertEquals(20, decoded.height());
    }

    @Test
    void recognisesNothingInTextOrShortFiles() {
        assertNull(ImageFormat.sniff("GIF8".getBytes(StandardCharsets.US_ASCII)));
        assertNull(ImageFormat.sniff("RIFF0000WAVE".getBytes(StandardCharsets.US_ASCII)));
        assertNull(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8}));
        assertNull(ImageFormat.sniff(new byte[0]));
    }
}
