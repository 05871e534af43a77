package com.purepost.dfdetect.image;

import com.purepost.dfdetect.support.SlowJpegs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A JPEG of more scans than any encoder writes is refused from its markers, before libjpeg spends minutes on it. */
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
}
