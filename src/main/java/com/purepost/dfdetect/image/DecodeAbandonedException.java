package com.purepost.dfdetect.image;

/**
 * A decode stopped before it allocated anything because its caller left (the thread was interrupted
 * while it waited for decode memory): nobody will read the image, so it is not decoded at all.
 */
public final class DecodeAbandonedException extends RuntimeException {

    DecodeAbandonedException() {
        super("The decode was abandoned while it waited for memory: its caller had given up on it");
    }
}
