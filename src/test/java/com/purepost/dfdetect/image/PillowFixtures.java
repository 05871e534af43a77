package com.purepost.dfdetect.image;

import static org.junit.jupiter.api.Assertions.fail;

import com.purepost.dfdetect.support.ProjectFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference fixtures of {@code tools/pillow_reference.py}: encoded images and what Pillow 9.4 and
 * numpy make of them. Generated once into {@code target/pillow-fixtures} and reused while the tool
 * is unchanged. Without Python, Pillow 9.4 or numpy this fails, never skips: parity unproven is
 * parity broken.
 */
final class PillowFixtures {

    static final String INSTALL_HINT = "The Pillow parity tests need Python 3 with Pillow 9.4 and numpy: "
            + "install python3-pil python3-numpy (Debian 12), or point PILLOW_PYTHON at an interpreter that has them";

    private static final Path TOOL = projectDir().resolve("tools/pillow_reference.py");
    private static final Path DIR = projectDir().resolve("target/pillow-fixtures");
    private static final Path STAMP = DIR.resolve("tool.sha256");
    private static final long GENERATION_TIMEOUT_MINUTES = 5;
    private static List<Fixture> fixtures;

    /** One fixture: its encoded file and, unless Pillow refused it, Pillow's and numpy's results. */
    record Fixture(String name, Path file, String kind, String format, int width, int height, String mode,
            boolean refused, String note) {

        byte[] bytes() {
            return read(file);
        }

        /** Pillow's 224x224 RGB after resizing. */
        byte[] pillowRgb() {
            return read(DIR.resolve(name + ".rgb"));
        }

        /** Pillow's RGB before resizing, kept for images up to a megapixel; null for larger ones. */
        byte[] pillowFullRgb() {
            Path full = DIR.resolve(name + ".full");
            return Files.exists(full) ? read(full) : null;
        }

        float[] numpyTensor() {
            ByteBuffer buffer = ByteBuffer.wrap(read(DIR.resolve(name + ".f32"))).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[buffer.remaining() / 4];
            buffer.asFloatBuffer().get(out);
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private PillowFixtures() {
    }

    static synchronized List<Fixture> all() {
        if (fixtures == null) {
            generateIfStale();
            fixtures = readManifest();
        }
        return fixtures;
    }

    static String python() {
        return ProjectFiles.python();
    }

    private static void generateIfStale() {
        String stamp = python() + " " + sha256(read(TOOL));
        try {
            if (Files.exists(STAMP) && Files.readString(STAMP).equals(stamp)) {
                return;
            }
            String version = run(List.of(python(), "-c",
                    "import PIL, numpy; print(PIL.__version__)"), "checking for Pillow").trim();
            if (!version.startsWith("9.4.")) {
                fail("The reference must come from Pillow 9.4, the version the model was trained behind; found Pillow "
                        + version + ". " + INSTALL_HINT);
            }
            run(List.of(python(), TOOL.toString(), DIR.toString()), "generating the Pillow fixtures");
            Files.writeString(STAMP, stamp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(List<String> command, String what) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(GENERATION_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("Timed out " + what);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                fail(INSTALL_HINT + ". " + what + " failed:\n" + text);
            }
            return text;
        } catch (IOException e) {
            return fail(INSTALL_HINT + ". Could not start " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("Interrupted while " + what);
        }
    }

    private static List<Fixture> readManifest() {
        List<Fixture> out = new ArrayList<>();
        List<String> lines = readLines(DIR.resolve("manifest.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            out.add(new Fixture(f[0], DIR.resolve(f[1]), f[2], f[3], Integer.parseInt(f[4]), Integer.parseInt(f[5]),
                    f[6], f[7].equals("refused"), f[8]));
        }
        return out;
    }

    private static Path projectDir() {
        return ProjectFiles.projectDir();
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readLines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
