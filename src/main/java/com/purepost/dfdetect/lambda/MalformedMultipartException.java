package com.purepost.dfdetect.lambda;

/** A body declared as multipart/form-data that does not follow the format. */
final class MalformedMultipartException extends IllegalArgumentException {

    MalformedMultipartException(String message) {
        super(message);
    }
}
