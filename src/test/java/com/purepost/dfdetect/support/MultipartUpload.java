package com.purepost.dfdetect.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A multipart/form-data body built byte for byte, as PurePost's backend sends it: the image in a
 * field {@code file}, named {@code image.jpg}, typed {@code image/jpeg}, whatever it really is.
 */
public final class MultipartUpload {

    /** One part of the form. */
    public record Part(String field, String fileName, String contentType, byte[] content) {
    }

    private static final String BOUNDARY = "----dfdetect-test-boundary-7f3a9c";
    /** The content type of every form built here. */
    public static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;
    private final List<Part> parts = new ArrayList<>();

    public static MultipartUpload asPurePostSends(byte[] image) {
        return new MultipartUpload().with(new Part("file", "image.jpg", "image/jpeg", image));
    }

    public MultipartUpload with(Part part) {
        parts.add(part);
        return this;
    }

    public String contentType() {
        return CONTENT_TYPE;
    }

    public byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            write(out, "--" + BOUNDARY + "\r\n");
            write(out, "Content-Disposition: form-data; name=\"" + part.field() + "\""
                    + (part.fileName() == null ? "" : "; filename=\"" + part.fileName() + "\"") + "\r\n");
            if (part.contentType() != null) {
                write(out, "Content-Type: " + part.contentType() + "\r\n");
            }
            write(out, "\r\n");
            out.writeBytes(part.content());
            write(out, "\r\n");
        }
        write(out, "--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
