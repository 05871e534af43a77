package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.detect.ImageRequest;
import com.purepost.dfdetect.support.MultipartUpload;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadedImageTest {

    @Test
    void refusesABodyOverTheConfiguredLimitWhenItIsBelowLambdasWith413() {
        UploadedImage uploads = new UploadedImage(1024, 8, 2048, "scores/");

        assertThat(uploads.from(raw(new byte[1024])).bytes()).hasSize(1024);
        assertThatThrownBy(() -> uploads.from(raw(new byte[1025])))
                .isInstanceOf(RequestRefusedException.class)
                .satisfies(e -> {
                    assertThat(((RequestRefusedException) e).failure().status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("S3").contains("'scores/'");
                });
    }

    @Test
    void neverAcceptsMoreThanASynchronousLambdaPayloadWhateverTheConfiguredLimit() {
        UploadedImage uploads = new UploadedImage(32L * 1024 * 1024, 8, 2048, "dfdetect-results/");

        assertThatThrownBy(() -> uploads.from(raw(new byte[(int) UploadedImage.LAMBDA_PAYLOAD_BYTES + 1])))
                .isInstanceOf(RequestRefusedException.class).hasMessageContaining("6 MB");
    }

    @Test
    void keepsTheFileNameAndTypeThePartGave() {
        MultipartUpload upload = MultipartUpload.asPurePostSends(new byte[]{1, 2, 3});

        ImageRequest image = new UploadedImage(1024, 8, 2048, "r/").from(new GatewayRequest("POST", "/predict",
                Map.of("content-type", upload.contentType()), upload.body()));

        assertThat(image.bytes()).containsExactly(1, 2, 3);
        assertThat(image.fileName()).isEqualTo("image.jpg");
        assertThat(image.contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void refusesABodyWithoutAContentTypeWith415() {
        assertThatThrownBy(() -> new UploadedImage(1024, 8, 2048, "r/").from(new GatewayRequest("POST", "/predict", Map.of(), new byte[]{1})))
                .isInstanceOf(RequestRefusedException.class)
                .satisfies(e -> assertThat(((RequestRefusedException) e).failure().status()).isEqualTo(415))
                .hasMessageContaining("(none)");
    }

    @Test
    void refusesTwoFilesInFieldFileAsTheHttpAppDoes() {
        MultipartUpload upload = MultipartUpload.asPurePostSends(new byte[]{1})
                .with(new MultipartUpload.Part("file", "other.jpg", "image/jpeg", new byte[]{2}));

        assertThatThrownBy(() -> new UploadedImage(1024, 8, 2048, "r/").from(new GatewayRequest("POST", "/predict",
                Map.of("Content-Type", upload.contentType()), upload.body())))
                .isInstanceOf(RequestRefusedException.class)
                .hasMessageContaining("2 files in field 'file'; send one image per request");
    }

    private static GatewayRequest raw(byte[] body) {
        return new GatewayRequest("POST", "/predict", Map.of("Content-Type", "image/jpeg"), body);
    }
}
