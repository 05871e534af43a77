package com.purepost.dfdetect.http;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.detect.Failure;
import com.purepost.dfdetect.detect.ServiceBusyException;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.util.unit.DataSize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of an HTTP request into {@code {"success": false, "error": "..."}} with its
 * status: the scoring pipeline's own failures through {@link Failure}, and Spring MVC's (missing
 * part, wrong method, oversized upload) in words a caller can act on.
 */
@ConditionalOnWebApplication
@RestControllerAdvice
public final class JsonErrors {

    private static final Logger log = LoggerFactory.getLogger(JsonErrors.class);

    static final String SEND_MULTIPART =
            "Send the image as multipart/form-data in a field named 'file' (or as a raw image/* body).";

    @ExceptionHandler(MissingServletRequestPartException.class)
    ResponseEntity<Failure.ErrorBody> missingPart(MissingServletRequestPartException e) {
        return respond(new Failure(400, "The request has no '" + e.getRequestPartName() + "' part. " + SEND_MULTIPART));
    }

    private final DfdetectProperties.Limits limits;

    public JsonErrors(DfdetectProperties properties) {
        this.limits = properties.limits();
    }

    /**
     * Spring reports every limit Tomcat's multipart parser enforces as an oversized upload; the parts
     * and part-header limits are told apart here, so that the caller reads which limit it hit.
     */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Failure.ErrorBody> tooLarge(MaxUploadSizeExceededException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileCountLimitExceededException) {
                return respond(new Failure(400, "The form has more than " + limits.maxParts() + " parts. " + SEND_MULTIPART));
            }
            if (cause instanceof SizeException size && size.getPermittedSize() == limits.maxPartHeaderSize().toBytes()) {
                return respond(new Failure(400, "A part of the form has more than " + limits.maxPartHeaderSize().toBytes()
                        + " bytes of headers. " + SEND_MULTIPART));
            }
        }
        return respond(UploadLimits.tooLarge(limits.maxUploadSize()));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Failure.ErrorBody> badMultipart(MultipartException e) {
        return respond(new Failure(400, "The multipart body cannot be read. " + SEND_MULTIPART));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Failure.ErrorBody> wrongContentType(HttpMediaTypeNotSupportedException e) {
        String given = e.getContentType() == null ? "(none)" : e.getContentType().toString();
        return respond(new Failure(415, "Content type " + given + " is not accepted. " + SEND_MULTIPART));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Failure.ErrorBody> wrongMethod(HttpRequestMethodNotSupportedException e) {
        return respond(new Failure(405, "Method " + e.getMethod() + " is not allowed here; allowed: "
                + String.join(", ", e.getSupportedMethods() == null ? new String[0] : e.getSupportedMethods()) + "."));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Failure.ErrorBody> notFound(NoResourceFoundException e) {
        return respond(new Failure(404, "No such endpoint: " + e.getHttpMethod() + " /" + e.getResourcePath()
                + ". The endpoints are POST /predict and GET /health."));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Failure.ErrorBody> unreadable(HttpMessageNotReadableException e) {
        return respond(new Failure(400, "The request body cannot be read. " + SEND_MULTIPART));
    }

    /** The queue is full: the one refusal a client may retry, told when. */
    @ExceptionHandler(ServiceBusyException.class)
    ResponseEntity<Failure.ErrorBody> busy(ServiceBusyException e) {
        // Refused before the detector saw the request, so the request log has no line for it.
        log.warn("busy: {}", e.getMessage());
        Failure failure = Failure.of(e);
        return ResponseEntity.status(failure.status())
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()))
                .body(failure.body());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Failure.ErrorBody> anyOther(Exception e) {
        Failure failure = Failure.of(e);
        if (failure.isClientError()) {
            log.info("refused ({}): {}", failure.status(), failure.error());
        } else if (failure.status() == 503) {
            log.warn("unavailable: {}", failure.error());
        } else {
            log.error("failed: {}", failure.error(), e);
        }
        return respond(failure);
    }

    private static ResponseEntity<Failure.ErrorBody> respond(Failure failure) {
        return ResponseEntity.status(failure.status()).body(failure.body());
    }
}
