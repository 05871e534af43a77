package com.purepost.dfdetect.http;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.detect.AdmissionQueue;
import com.purepost.dfdetect.detect.ImageRequest;
import com.purepost.dfdetect.detect.PredictionResult;
import com.purepost.dfdetect.image.ImageRejectedException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
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

    private static final List<MediaType> ACCEPTED = List.of(MediaType.MULTIPART_FORM_DATA,
            MediaType.parseMediaType("image/*"), MediaType.APPLICATION_OCTET_STREAM);

    private final Function<ImageRequest, PredictionResult> detect;
    private final DataSize maxUploadSize;
    private final AdmissionQueue admission;

    public PredictController(@Qualifier("detect") Function<ImageRequest, PredictionResult> detect,
                             DfdetectProperties properties, AdmissionQueue admission) {
        this.detect = detect;
        this.maxUploadSize = properties.limits().maxUploadSize();
        this.admission = admission;
    }

    @PostMapping(path = "/predict", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public PredictionResult predictUpload(@RequestPart("file") List<MultipartFile> files) {
        if (files.size() != 1) {
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    "The request holds " + files.size() + " files in field 'file'; send one image per request.");
        }
        MultipartFile file = files.get(0);
        // The upload waits in the queue on disk, where the multipart parser put it, and is read into
        // memory only once its turn has come: requests waiting hold no image bytes.
        try (AdmissionQueue.Turn turn = admission.enter()) {
            return score(new ImageRequest(bytesOf(file), file.getOriginalFilename(), file.getContentType()));
        }
    }

    /**
     * A raw image body. Read here, up to the limit and no further, since a body streamed without a
     * Content-Length passes the declared-size check and no multipart parser counts it.
     */
    @PostMapping(path = "/predict", consumes = {"image/*", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    public PredictionResult predictBody(InputStream body,
                                        @RequestHeader(name = "Content-Type", required = false) String contentType)
            throws IOException, HttpMediaTypeNotSupportedException {
        if (contentType == null) {
            // Spring takes a missing Content-Type for octet-stream; a body that says nothing of itself is refused.
            throw new HttpMediaTypeNotSupportedException(null, ACCEPTED, null);
        }
        try (AdmissionQueue.Turn turn = admission.enter()) {
            return score(new ImageRequest(UploadLimits.readAtMost(body, maxUploadSize), null, contentType));
        }
    }

    /** The detector logs the request itself (one line, with the request id), so nothing more here. */
    private PredictionResult score(ImageRequest request) {
        return detect.apply(request);
    }

    private static byte[] bytesOf(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded part", e);
        }
    }
}
