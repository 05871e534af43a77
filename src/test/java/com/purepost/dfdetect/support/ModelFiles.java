package com.purepost.dfdetect.support;

import com.google.protobuf.UnknownFieldSet;
import com.purepost.dfdetect.model.standin.StandInModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Model files as operators (and attackers) put them into a model directory, and their digests as sha256sum prints them. */
public final class ModelFiles {

    /** onnx.proto's ModelProto.metadata_props, where a stand-in is marked. */
    private static final int METADATA_PROPS = 14;

    private ModelFiles() {
    }

    /** The SHA-256 of the file, lower-case hex: what {@code sha256sum} prints and {@code DFDETECT_MODEL_SHA256} takes. */
    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A quantized stand-in with the given seed, marked as a stand-in, at {@code target}. */
    public static Path standIn(Path target, long seed) {
        try {
            StandInModels.write(StandInModels.Variant.QUANTIZED, target, seed);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A stand-in with its metadata (the stand-in mark among it) stripped: random weights that pass for a
     * trained model by everything the file says of itself.
     */
    public static Path unmarkedStandIn(Path target, long seed) {
        try {
            Path marked = Files.createTempFile(target.toAbsolutePath().getParent(), "marked", ".part");
            standIn(marked, seed);
            UnknownFieldSet model = UnknownFieldSet.parseFrom(Files.readAllBytes(marked));
            byte[] stripped = UnknownFieldSet.newBuilder(model).clearField(METADATA_PROPS).build().toByteArray();
            Files.delete(marked);
            return write(target, stripped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts {@code bytes} at {@code target} in one step, as an operator's {@code mv} into the volume does. */
    public static Path write(Path target, byte[] bytes) {
        try {
            Path part = Files.createTempFile(target.toAbsolutePath().getParent(), "next", ".part");
            Files.write(part, bytes);
            return Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves {@code source} onto {@code target} in one step. */
    public static void replace(Path target, Path source) {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
