package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.support.MultipartUpload;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartFormDataTest {

    private static final int MAX_PARTS = 8;
    private static final int MAX_HEADER_BYTES = 2048;

    @Test
    void readsTheFilePartPurePostSends() {
        byte[] image = TestImages.jpeg(40, 30);
        MultipartUpload upload = MultipartUpload.asPurePostSends(image);
        String boundary = MultipartFormData.boundaryOf(upload.contentType()).orElseThrow();

        MultipartFormData.Part part = MultipartFormData.parse(upload.body(), boundary, MAX_PARTS, MAX_HEADER_BYTES).get(0);

        assertThat(part.name()).isEqualTo("file");
        assertThat(part.fileName()).isEqualTo("image.jpg");
        assertThat(part.contentType()).isEqualTo("image/jpeg");
        assertThat(part.content()).isEqualTo(image);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "multipart/form-data; boundary=abc123",
            "multipart/form-data;boundary=\"abc123\"",
            "Multipart/Form-Data; BOUNDARY=abc123",
            "multipart/form-data; charset=utf-8; boundary=\"abc123\"; x=y"})
    void findsTheBoundaryQuotedOrNotWhateverTheCase(String contentType) {
        assertThat(MultipartFormData.boundaryOf(contentType)).contains("abc123");
    }

    @Test
    void keepsSemicolonsAndEscapesInsideAQuotedBoundary() {
        assertThat(MultipartFormData.boundaryOf("multipart/form-data; boundary=\"a;b \\\"c\\\"\"")).contains("a;b \"c\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/jpeg", "multipart/mixed; boundary=x", "multipart/form-data", "multipart/form-data; boundary=", ""})
    void findsNoBoundaryWhereThereIsNone(String contentType) {
        assertThat(MultipartFormData.boundaryOf(contentType)).isEmpty();
    }

    @Test
    void keepsEveryByteValueOfTheContentIncludingLineBreaksAndDashes() {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (int i = 0; i < 256; i++) {
            content.write(i);
        }
        content.writeBytes("\r\n--\r\n--bound\r\n-- boundary\r\n".getBytes(StandardCharsets.ISO_8859_1));
        byte[] expected = content.toByteArray();
        byte[] body = join("--boundary\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n", expected,
                "\r\n--boundary--\r\n");

        List<MultipartFormData.Part> parts = MultipartFormData.parse(body, "boundary", MAX_PARTS, MAX_HEADER_BYTES);

        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).content()).isEqualTo(expected);
    }

    @Test
    void ignoresThePreambleTheEpilogueAndTransportPaddingAndReadsEveryPartInOrder() {
        byte[] body = join("preamble\r\n--b \t\r\ncontent-disposition: form-data; name=\"a\"\r\n\r\none\r\n"
                + "--b\r\nCONTENT-DISPOSITION: form-data; NAME=\"file\"; FileName=\"x.png\"\r\ncontent-type: image/png\r\n\r\n",
                new byte[]{1, 2, 3}, "\r\n--b--  \r\nepilogue\r\n--b\r\n");

        List<MultipartFormData.Part> parts = MultipartFormData.parse(body, "b", MAX_PARTS, MAX_HEADER_BYTES);

        assertThat(parts).extracting(MultipartFormData.Part::name).containsExactly("a", "file");
        assertThat(new String(parts.get(0).content(), StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(parts.get(1).fileName()).isEqualTo("x.png");
        assertThat(parts.get(1).contentType()).isEqualTo("image/png");
        assertThat(parts.get(1).content()).containsExactly(1, 2, 3);
    }

    @Test
    void readsAPartWithoutHeadersAndAnEmptyPart() {
        byte[] body = join("--b\r\n\r\nno headers\r\n--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\r\n--b--", new byte[0], "");

        List<MultipartFormData.Part> parts = MultipartFormData.parse(body, "b", MAX_PARTS, MAX_HEADER_BYTES);

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isNull();
        assertThat(parts.get(1).content()).isEmpty();
    }

    @Test
    void refusesABodyThatEndsInsideAPart() {
        byte[] body = join("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n", new byte[]{1, 2}, "");

        assertThatThrownBy(() -> MultipartFormData.parse(body, "b", MAX_PARTS, MAX_HEADER_BYTES))
                .isInstanceOf(MalformedMultipartException.class).hasMessageContaining("closing boundary");
    }

    @Test
    void refusesABodyWithoutTheDeclaredBoundary() {
        byte[] body = join("--other\r\n\r\nx\r\n--other--", new byte[0], "");

        assertThatThrownBy(() -> MultipartFormData.parse(body, "b", MAX_PARTS, MAX_HEADER_BYTES))
                .isInstanceOf(MalformedMultipartException.class).hasMessageContaining("never occurs");
    }

    @Test
    void refusesMorePartsThanTheLimit() {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            form.append("--b\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nx\r\n");
        }
        byte[] body = join(form + "--b--", new byte[0], "");

        assertThat(MultipartFormData.parse(body, "b", 3, MAX_HEADER_BYTES)).hasSize(3);
        assertThatThrownBy(() -> MultipartFormData.parse(body, "b", 2, MAX_HEADER_BYTES))
                .isInstanceOf(MalformedMultipartException.class).hasMessageContaining("more than 2 parts");
    }

    @Test
    void refusesAPartWithMoreHeaderBytesThanTheLimitAndTakesOneAtIt() {
        String disposition = "Content-Disposition: form-data; name=\"file\"; filename=\"";
        // Headers of exactly 100 bytes, counted up to the blank line that ends them.
        String atLimit = disposition + "x".repeat(100 - disposition.length() - 1) + "\"";
        byte[] fits = join("--b\r\n" + atLimit + "\r\n\r\n", new byte[]{1}, "\r\n--b--");
        byte[] over = join("--b\r\n" + atLimit.replace("\"x", "\"xx") + "\r\n\r\n", new byte[]{1}, "\r\n--b--");

        assertThat(MultipartFormData.parse(fits, "b", MAX_PARTS, 100)).hasSize(1);
        assertThatThrownBy(() -> MultipartFormData.parse(over, "b", MAX_PARTS, 100))
                .isInstanceOf(MalformedMultipartException.class).hasMessageContaining("more than 100 bytes of headers");
    }

    @Test
    void findsNoBoundaryLongerThanTheSeventyCharactersRfc2046Allows() {
        assertThat(MultipartFormData.boundaryOf("multipart/form-data; boundary=" + "b".repeat(70))).isPresent();
        assertThat(MultipartFormData.boundaryOf("multipart/form-data; boundary=" + "b".repeat(71))).isEmpty();
    }

    /** Found by MultipartFormDataFuzzTest: the parser threw StringIndexOutOfBoundsException, a 500 through API Gateway. */
    @Test
    void readsAPartWhoseQuotedFileNameNeverClosesToTheEndOfTheHeader() {
        byte[] body = join("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"image.jpg\r\n\r\n",
                new byte[]{1}, "\r\n--b--");

        List<MultipartFormData.Part> parts = MultipartFormData.parse(body, "b", MAX_PARTS, MAX_HEADER_BYTES);

        assertThat(parts).singleElement().satisfies(part -> {
            assertThat(part.name()).isEqualTo("file");
            assertThat(part.fileName()).isEqualTo("image.jpg");
        });
    }

    @Test
    void readsABoundaryWhoseQuoteNeverCloses() {
        assertThat(MultipartFormData.boundaryOf("multipart/form-data; boundary=\"abc")).contains("abc");
    }

    private static byte[] join(String head, byte[] middle, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(middle);
        out.writeBytes(tail.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
