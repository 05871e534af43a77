package com.purepost.dfdetect.image;

import com.purepost.dfdetect.support.SlowJpegs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A JPEG of more scans than any encoder writes, or of scans that decode more blocks together than
 * the limit, is refused from its markers, before libjpeg spends seconds or minutes on it; however
 * the scans are hidden from a reader that walks the markers as libjpeg does.
 */
class JpegScanLimitTest {

    private final ImagePreprocessor preprocessor = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT);

    @Test
    void decodesAProgressiveJpegOfAsManyScansAsTheLimit() {
        byte[] jpeg = SlowJpegs.repeatedScans(1024, JpegHeader.MAX_SCANS - 1);

        assertThat(preprocessor.toTensor(jpeg)).hasSize(3 * 224 * 224);
    }

    @Test
    void refusesAProgressiveJpegOfOneScanMoreAsCorrupt() {
        byte[] jpeg = SlowJpegs.repeatedScans(1024, JpegHeader.MAX_SCANS);

        assertThatThrownBy(() -> preprocessor.toTensor(jpeg))
                .isInstanceOf(ImageRejectedException.class)
                .hasMessageContaining("it has 101 scans")
                .satisfies(e -> assertThat(((ImageRejectedException) e).reason()).isEqualTo(ImageRejectedException.Reason.CORRUPT));
    }

    @Test
    void countsScansBehindFillBytesAsLibjpegFindsThem() {
        // libjpeg skips any number of 0xFF before a marker's code
        byte[] jpeg = beforeEachLaterScan(SlowJpegs.repeatedScans(1024, JpegHeader.MAX_SCANS), new byte[] {(byte) 0xFF, (byte) 0xFF});

        assertThatThrownBy(() -> JpegHeader.read(jpeg)).hasMessageContaining("it has 101 scans");
    }

    @Test
    void countsScansBehindGarbageAsLibjpegFindsThem() {
        // libjpeg warns of extraneous bytes before a marker and goes on; Pillow lets the warning pass
        byte[] jpeg = beforeEachLaterScan(SlowJpegs.repeatedScans(1024, JpegHeader.MAX_SCANS), new byte[] {0x12, 0x34, 0x56});

        assertThatThrownBy(() -> JpegHeader.read(jpeg)).hasMessageContaining("it has 101 scans");
    }

    @Test
    void countsScansAfterTheEndOfImageMarkerAgainstTheFile() {
        byte[] scans = SlowJpegs.repeatedScans(1024, 60);
        byte[] jpeg = concat(scans, java.util.Arrays.copyOfRange(scans, 2, scans.length));

        assertThatThrownBy(() -> JpegHeader.read(jpeg)).hasMessageContaining("scans");
    }

    @Test
    void refusesFewerScansThanTheLimitWhenTheyDecodeTooManyBlocksTogether() {
        // 151 megapixels and 61 scans: under 100 scans and within the decode memory, but 144 million
        // blocks to decode, where 61 passes over a 12-megapixel photo would be 11 million
        byte[] jpeg = SlowJpegs.repeatedScans(12_288, 60);

        assertThatThrownBy(() -> JpegHeader.read(jpeg))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_MANY_PIXELS))
                .hasMessageContaining("Image is 12288x12288 pixels in 61 scans, which decode 143917056 blocks together");
    }

    @Test
    void acceptsAsManyScansAsLibjpegsOwnProgressionOverTheLargestImage() {
        // 14 passes over 151 megapixels of greyscale: what libjpeg's progression of a 4:4:4 image costs
        byte[] jpeg = SlowJpegs.repeatedScans(12_288, 13);

        assertThat(JpegHeader.read(jpeg).width()).isEqualTo(12_288);
    }

    @Test
    void countsTheBlocksOfTheComponentsEachScanNames() {
        // Non-interleaved AC scans each name the one component: their blocks, not every component's
        byte[] jpeg = SlowJpegs.repeatedScans(1024, 3);
        JpegHeader header = JpegHeader.read(jpeg);

        assertThat(header.coefficientBytes()).isEqualTo(128L * 128 * 64 * 2);
        assertThat(header.buffered()).as("progressive: libjpeg keeps the coefficients between scans").isTrue();
    }

    /** A copy with {@code inserted} before every start-of-scan marker after the first. */
    private static byte[] beforeEachLaterScan(byte[] jpeg, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean first = true;
        for (int i = 0; i < jpeg.length; i++) {
            if (i + 1 < jpeg.length && jpeg[i] == (byte) 0xFF && jpeg[i + 1] == (byte) 0xDA) {
                if (!first) {
                    out.writeBytes(inserted);
                }
                first = false;
            }
            out.write(jpeg[i]);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
