package com.purepost.dfdetect.model.standin;

import com.purepost.dfdetect.model.standin.Onnx.Graph;
import com.purepost.dfdetect.model.standin.Onnx.Model;
import com.purepost.dfdetect.model.standin.Onnx.OpsetId;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Stand-in models: files with the trained model's architecture and graph (ResNet18, 2 classes, fp32 or
 * dynamically quantized) but seeded random weights, for when the trained weights are not available. They
 * run like the real files, so everything but the scores can be built, tested and timed on them; the scores
 * mean nothing, and each file says so inside ({@link #STAND_IN_KEY} in its metadata, its producer name and
 * its doc string) so that the service can say so too.
 *
 * <p>Java writes them itself, with no Python and no download: the same seed always gives the same bytes.
 */
public final class StandInModels {

    /** Metadata key (ONNX metadata_props) marking a stand-in; value "true". */
    public static final String STAND_IN_KEY = "dfdetect.stand_in";
    /** Metadata key holding the seed the stand-in's weights were drawn from, in decimal. */
    public static final String SEED_KEY = "dfdetect.stand_in.seed";
    /** Metadata key holding the {@link Variant} name. */
    public static final String VARIANT_KEY = "dfdetect.stand_in.variant";
    /** The seed of the stand-ins the service writes for itself and the Docker build bakes in. */
    public static final long DEFAULT_SEED = 20_240_518L;

    static final String PRODUCER_NAME = "dfdetect-stand-in (random weights, not a trained model)";
    /** Bumped whenever the same seed would give different bytes. */
    static final String PRODUCER_VERSION = "1";
    /** What torch 1.13 to 2.x write for opset 17, and what ONNX Runtime 1.28 and onnx 1.12 both read. */
    static final long IR_VERSION = 8;
    static final long OPSET = 17;
    /** What ORT's quantizer tags its output with (shape inference done); kept so the file reads the same. */
    private static final String ORT_INFER_KEY = "onnx.infer";
    private static final String ORT_INFER_VALUE = "onnxruntime.quant";

    private StandInModels() {
    }

    /** The two model files the original service knew, and the graph each one holds. */
    public enum Variant {
        /** {@code ResNet18_unoptimized.onnx}: the plain float export. */
        FP32("ResNet18_unoptimized.onnx"),
        /** {@code ResNet18.onnx}: the export after ONNX Runtime's dynamic uint8 quantization. */
        QUANTIZED("ResNet18.onnx");

        private final String defaultFileName;

        Variant(String defaultFileName) {
            this.defaultFileName = defaultFileName;
        }

        public String defaultFileName() {
            return defaultFileName;
        }
    }

    /** The variant a configured file name asks for: "ResNet18_unoptimized.onnx" -> FP32, anything else -> QUANTIZED. */
    public static Variant variantFor(String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        Path name = Path.of(fileName).getFileName();
        return name != null && name.toString().equals(Variant.FP32.defaultFileName()) ? Variant.FP32
                : Variant.QUANTIZED;
    }

    /** Whether ONNX metadata (as ORT's {@code getCustomMetadata()} returns it) marks a stand-in. */
    public static boolean isStandIn(Map<String, String> metadata) {
        return "true".equals(metadata.get(STAND_IN_KEY));
    }

    /** Writes the stand-in atomically (temp file in the same directory, then an atomic move), creating parent dirs. */
    public static void write(Variant variant, Path target, long seed) throws IOException {
        Model model = model(variant, seed);
        Path file = target.toAbsolutePath();
        Path directory = file.getParent();
        Files.createDirectories(directory);
        // Opened by name rather than with createTempFile, so the file gets the umask's permissions, not 0600:
        // a stand-in baked into an image as root must stay readable by the user the service runs as.
        Path temp = directory.resolve(file.getFileName() + ".tmp"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), Character.MAX_RADIX));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                OnnxProtoWriter.write(model, out);
                // On disk before the rename makes it visible, so a crash never leaves a short file by that name.
                channel.force(true);
            }
            // rename(2): on Linux it replaces an existing file in one step; readers see the old file or the new.
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Writes each variant's stand-in under its default file name into the directory, unless a file of that
     * name is already there (a real model, or an earlier stand-in). Returns the files written.
     */
    public static List<Path> writeMissing(Path directory, long seed) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            Path target = directory.resolve(variant.defaultFileName());
            if (!Files.exists(target)) {
                write(variant, target, seed);
                written.add(target);
            }
        }
        return written;
    }

    /** Command-line entry: writes both stand-ins into the given directory when absent (used by the Docker build). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: " + StandInModels.class.getName() + " <model directory>");
            System.exit(2);
        }
        Path directory = Path.of(args[0]);
        List<Path> written = writeMissing(directory, DEFAULT_SEED);
        for (Variant variant : Variant.values()) {
            Path file = directory.resolve(variant.defaultFileName());
            System.out.println((written.contains(file) ? "wrote STAND-IN (random weights, seed " + DEFAULT_SEED
                    + "): " : "already present, left alone: ") + file);
        }
    }

    /** The stand-in model in memory: the float graph, quantized for {@link Variant#QUANTIZED}, then marked. */
    static Model model(Variant variant, long seed) {
        Graph graph = ResNet18Graph.build(new SeededWeights(seed));
        Map<String, String> metadata = new LinkedHashMap<>();
        if (variant == Variant.QUANTIZED) {
            graph = DynamicQuantizer.quantize(graph);
            metadata.put(ORT_INFER_KEY, ORT_INFER_VALUE);
        }
        metadata.put(STAND_IN_KEY, "true");
        metadata.put(SEED_KEY, Long.toString(seed));
        metadata.put(VARIANT_KEY, variant.name());
        String docString = "STAND-IN MODEL WITH RANDOM WEIGHTS, NOT A TRAINED DEEPFAKE DETECTOR: its scores mean "
                + "nothing. torchvision ResNet18 graph (fc = Dropout + Linear(512, 2), exported at opset 17"
                + (variant == Variant.QUANTIZED ? ", then dynamically quantized to uint8 as ONNX Runtime does" : "")
                + "), weights drawn from seed " + seed + ". Written by dfdetect because no trained model file "
                + "was present; replace it with the trained " + variant.defaultFileName() + ".";
        return new Model(IR_VERSION, List.of(new OpsetId("", OPSET)), PRODUCER_NAME, PRODUCER_VERSION, docString,
                graph, metadata);
    }
}
