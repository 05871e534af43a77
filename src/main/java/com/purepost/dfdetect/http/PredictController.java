package com.purepost.dfdetect.http;

import com.purepost.dfdetect.detect.ImageRequest;
import com.purepost.dfdetect.detect.PredictionResult;
import com.purepost.dfdetect.image.ImageRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * {@code POST /predict} as PurePost sends it: multipart/form-data with the image in field {@code file}
 * (always named {@code image.jpg}, whatever it holds). A raw image body is taken too, as API Gateway
 * takes it.
 */
@ConditionalOnWebApplication
@RestController
public final class PredictController {

    private static final Logger log = LoggerFactory.getLogger(PredictController.class);

    private final Function<ImageRequest, PredictionResult> detect;

    public PredictController(@Qualifier("detect") Function<ImageRequest, PredictionResult> detect) {
        this.detect = detect;
    }

    @PostMapping(path = "/predict", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public PredictionResult predictUpload(@RequestPart("file") List<MultipartFile> files) {
        if (files.size() != 1) {
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    "The request holds " + files.size() + " files in field 'file'; send one image per request.");
        }
        MultipartFile file = files.get(0);
        return score(new ImageRequest(bytesOf(file), file.getOriginalFilename(), file.getContentType()));
    }

    @PostMapping(path = "/predict", consumes = {"image/*", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    public PredictionResult predictBody(@RequestBody(required = false) byte[] body,
                                        @RequestHeader(name = "Content-Type", required = false) String contentType) {
        return score(new ImageRequest(body == null ? new byte[0] : body, null, contentType));
    }

    private PredictionResult score(ImageRequest request) {
        PredictionResult result = detect.apply(request);
        log.info("predict file={} bytes={} top={} score={} seconds={}", request.fileName(), request.bytes().length,
                result.predictions().get(0).label(), String.format("%.4f", result.predictions().get(0).score()),
                String.format("%.4f", result.processingTime()));
        return result;
    }

    private static byte[] bytesOf(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded part", e);
        }
    }
}
