package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small decisions of the S3 route: keys, candidates, where results go, the model URI, the client settings. */
class S3EventPiecesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "uploads/holiday+photo.jpg | uploads/holiday photo.jpg",
            "uploads/a%2Bb.jpg | uploads/a+b.jpg",
            "uploads/%C3%BCn%C3%AFc%C3%B8d%C3%A9+%E5%86%99%E7%9C%9F.png | uploads/ünïcødé 写真.png",
            "uploads/100%25+real.webp | uploads/100% real.webp",
            "plain.jpg | plain.jpg"})
    void decodesKeysAsS3EncodesThemInNotifications(String encoded, String key) {
        assertThat(S3ObjectKeys.decode(encoded)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.jpg", "dir/b.JPEG", "c.png", "d.Webp", "e.gif", "f.bmp"})
    void takesImageExtensionsAsCandidatesWhateverTheContent(String key) {
        assertThat(ImageCandidates.isCandidate(key, "application/octet-stream", "text".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void takesAnImageContentTypeOrAnImageSignatureAsCandidatesWhateverTheName() {
        byte[] text = "hello there".getBytes(StandardCharsets.UTF_8);

        assertThat(ImageCandidates.isCandidate("upload", "image/heic", text)).isTrue();
        assertThat(ImageCandidates.isCandidate("upload", null, head(TestImages.jpeg(8, 8)))).isTrue();
        assertThat(ImageCandidates.isCandidate("upload.bin", null, head(TestImages.png(8, 8)))).isTrue();
        assertThat(ImageCandidates.isCandidate("x", null, "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1))).isTrue();
    }

    @Test
    void skipsWhatNeitherNameNorTypeNorContentMarksAsAnImage() {
        assertThat(ImageCandidates.isCandidate("notes.txt", "text/plain", "milk".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ImageCandidates.isCandidate("jpg/readme", null, new byte[0])).isFalse();
        assertThat(ImageCandidates.isCandidate("archive.jpg.zip", "application/zip", "PK\3\4".getBytes(StandardCharsets.ISO_8859_1))).isFalse();
        assertThat(ImageCandidates.isCandidate("RIFF.wav", "audio/wav", "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1))).isFalse();
    }

    @Test
    void writesResultsNextToTheUploadUnlessABucketIsConfigured() {
        ResultLocation sameBucket = new ResultLocation("", "dfdetect-results/");
        ResultLocation otherBucket = new ResultLocation("results-bucket", "scores/");

        assertThat(sameBucket.bucketFor("uploads-bucket")).isEqualTo("uploads-bucket");
        assertThat(sameBucket.keyFor("uploads/a b.jpg")).isEqualTo("dfdetect-results/uploads/a b.jpg.json");
        assertThat(otherBucket.bucketFor("uploads-bucket")).isEqualTo("results-bucket");
        assertThat(otherBucket.keyFor("x.png")).isEqualTo("scores/x.png.json");
        assertThat(sameBucket.holds("dfdetect-results/uploads/a.jpg.json")).isTrue();
        assertThat(sameBucket.holds("uploads/dfdetect-results/a.jpg")).isFalse();
    }

    @Test
    void parsesTheModelUriIntoBucketKeyAndFileName() {
        S3Location location = S3Location.parse("s3://models-bucket/releases/2026/ResNet18_unoptimized.onnx");

        assertThat(location.bucket()).isEqualTo("models-bucket");
        assertThat(location.key()).isEqualTo("releases/2026/ResNet18_unoptimized.onnx");
        assertThat(location.fileName()).isEqualTo("ResNet18_unoptimized.onnx");
        assertThat(location).hasToString("s3://models-bucket/releases/2026/ResNet18_unoptimized.onnx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://bucket/key.onnx", "s3://bucket", "s3://bucket/", "s3://bucket/dir/", "/local/ResNet18.onnx"})
    void refusesAModelUriThatNamesNoS3Object(String uri) {
        assertThatThrownBy(() -> S3Location.parse(uri)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takesTheRegionFromTheEnvironmentAndDefaultsOutsideLambda() {
        assertThat(S3Clients.region(Map.of("AWS_REGION", "eu-central-1", "AWS_DEFAULT_REGION", "us-west-2")))
                .isEqualTo(Region.EU_CENTRAL_1);
        assertThat(S3Clients.region(Map.of("AWS_DEFAULT_REGION", "us-west-2"))).isEqualTo(Region.US_WEST_2);
        assertThat(S3Clients.region(Map.of())).isEqualTo(S3Clients.DEFAULT_REGION);
    }

    @Test
    void addressesBucketsByPathOnlyWhenAnEndpointIsConfigured() {
        assertThat(S3Clients.endpointConfigured(Map.of("AWS_ENDPOINT_URL_S3", "http://minio:9000"))).isTrue();
        assertThat(S3Clients.endpointConfigured(Map.of("AWS_ENDPOINT_URL", "http://localstack:4566"))).isTrue();
        assertThat(S3Clients.endpointConfigured(Map.of("AWS_ENDPOINT_URL", " "))).isFalse();
        assertThat(S3Clients.endpointConfigured(Map.of("AWS_REGION", "us-east-1"))).isFalse();
    }

    private static byte[] head(byte[] image) {
        return Arrays.copyOf(image, ImageCandidates.HEAD_BYTES);
    }
}
