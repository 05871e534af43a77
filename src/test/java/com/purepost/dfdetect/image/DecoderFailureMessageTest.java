package com.purepost.dfdetect.image;

import com.purepost.dfdetect.support.PlainRefusal;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A decoder's own failure is refused as corrupt in words, without the exception's name, which clients read. */
class DecoderFailureMessageTest {

    @Test
    void refusesWithoutNamingTheExceptionADecoderThrew() {
        Map<ImageFormat, ImageDecoder> decoders = new EnumMap<>(ImageDecoders.standard());
        decoders.put(ImageFormat.PNG, new ImageDecoder() {
            @Override
            public DecodedImage decode(byte[] data, DecodeBudget.Claim claim) {
                throw new ArrayIndexOutOfBoundsException("Index 9 out of bounds for length 8");
            }

            @Override
            public String describe() {
                return "a failing decoder";
            }
        });
        ImagePreprocessor preprocessor = new ImagePreprocessor(1 << 20, decoders);
        byte[] png = com.purepost.dfdetect.support.TestImages.png(8, 8);

        assertThatThrownBy(() -> preprocessor.toTensor(png))
                .isInstanceOf(ImageRejectedException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).isEqualTo("The PNG data is truncated or corrupt (the decoder could not read it)");
                    assertThat(e.getCause()).isInstanceOf(ArrayIndexOutOfBoundsException.class);
                    PlainRefusal.assertPlainMessage(e.getMessage());
                });
    }
}
