package com.purepost.dfdetect.model;

import java.time.Instant;

/** Which model answered: its file name, the SHA-256 of its bytes, whether it is a stand-in, and when it was loaded. */
public record ModelIdentity(String fileName, String sha256, boolean standIn, Instant loadedAt) {
}
