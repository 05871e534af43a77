package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.detect.Failure;

/** An API Gateway request refused before it reaches the detector; carries what the caller is told. */
final class RequestRefusedException extends RuntimeException {

    private final transient Failure failure;

    RequestRefusedException(int status, String error) {
        super(error);
        this.failure = new Failure(status, error);
    }

    Failure failure() {
        return failure;
    }
}
