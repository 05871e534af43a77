package com.purepost.dfdetect.lambda;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of the API Gateway multipart parser, which reads bodies straight from the
 * internet: for any body, it returns parts whose content lies inside the body, no more than the part
 * limit, or refuses with {@link MalformedMultipartException}; nothing else, and no hang. Seeds
 * (written by {@code tools/fuzz_seeds.py}) use the boundary below.
 */
class MultipartFormDataFuzzTest {

    private static final String BOUNDARY = "fuzz-boundary";
    private static final int MAX_PARTS = 8;
    private static final int MAX_HEADER_BYTES = 2048;

    @FuzzTest(maxDuration = "1m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void splitsOrRefusesAnyBody(byte[] body) {
        List<MultipartFormData.Part> parts;
        try {
            parts = MultipartFormData.parse(body, BOUNDARY, MAX_PARTS, MAX_HEADER_BYTES);
        } catch (MalformedMultipartException refused) {
            return;
        }
        if (parts.size() > MAX_PARTS) {
            throw new AssertionError(parts.size() + " parts, over the limit of " + MAX_PARTS);
        }
        long content = parts.stream().mapToLong(part -> part.content().length).sum();
        if (content > body.length) {
            throw new AssertionError("parts holding " + content + " bytes out of a body of " + body.length);
        }
    }
}
