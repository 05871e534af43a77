package com.purepost.dfdetect.model;

import com.purepost.dfdetect.model.standin.StandInModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model file read into memory once and found fit to serve before any session is opened: its SHA-256
 * is allowed by the policy, it parses as ONNX, its one input and output have the shapes the service feeds
 * and reads, and its metadata says whether it is a stand-in (allowed or not). The bytes are kept until
 * the session is opened from them, so that what was hashed and checked is exactly what runs: the path is
 * never read a second time, and a file replaced in between is the next reload's business.
 */
public final class ModelFileCheck {

    /**
     * Far above any image classifier the service feeds (ResNet18 in fp32 is 45 MB); a file past it is
     * refused before it is read into memory.
     */
    static final long MAX_MODEL_BYTES = 512L * 1024 * 1024;

    private final Path file;
    private final String sha256;
    private final boolean standIn;
    /** Null once handed to the session. */
    private byte[] bytes;

    private ModelFileCheck(Path file, String sha256, boolean standIn, byte[] bytes) {
        this.file = file;
        this.sha256 = sha256;
        this.standIn = standIn;
        this.bytes = bytes;
    }

    /** Reads and checks {@code file}; throws {@link ModelUnavailableException} with the reason when unfit. */
    public static ModelFileCheck of(Path file, Labels labels, ModelPolicy policy) {
        String name = file.getFileName().toString();
        byte[] bytes = read(file, name);
        String sha256 = sha256(bytes);
        policy.checkDigest(name, sha256);
        OnnxFileInspector.Summary summary = OnnxFileInspector.inspect(bytes, name);
        boolean standIn = StandInModels.isStandIn(summary.metadata());
        policy.checkStandIn(name, standIn);
        ClassifierSignature.verify(name, summary.inputs(), summary.outputs(), labels.size());
        return new ModelFileCheck(file, sha256, standIn, bytes);
    }

    public Path file() {
        return file;
    }

    /** The SHA-256 of the bytes checked, lower-case hex as {@code sha256sum} prints it. */
    public String sha256() {
        return sha256;
    }

    public boolean standIn() {
        return standIn;
    }

    /** The checked bytes, handed over once to the session that opens them; the check keeps no copy. */
    synchronized byte[] takeBytes() {
        if (bytes == null) {
            throw new IllegalStateException("the bytes of " + file.getFileName() + " were handed over already");
        }
        byte[] taken = bytes;
        bytes = null;
        return taken;
    }

    private static byte[] read(Path file, String name) {
        try {
            long size = Files.size(file);
            if (size > MAX_MODEL_BYTES) {
                throw new ModelUnavailableException(name + " is " + size + " bytes, more than any image classifier this "
                        + "service runs (" + MAX_MODEL_BYTES + " at most)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
