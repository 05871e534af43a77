package com.purepost.dfdetect.model;

/** The model cannot serve: missing, unreadable, or not the shape the service expects. */
public final class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message) {
        super(message);
    }

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
