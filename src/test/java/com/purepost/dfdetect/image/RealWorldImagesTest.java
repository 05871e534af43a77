package com.purepost.dfdetect.image;

import com.purepost.dfdetect.support.ProjectFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The decode budget refuses no image of the kinds and sizes users upload: phone and camera photos,
 * phone, 4K and 8K screenshots, WebP, GIF and BMP exports, and flat colour, the most a real encoder
 * compresses, all written by Pillow ({@code tools/real_world_images.py}, once into {@code target/}). Each is scored within the
 * service's default budget, and the table of their ratios (decoded bytes per file byte, against the
 * format's ceiling) is printed, as the docs quote it.
 */
class RealWorldImagesTest {

    private static final Path TOOL = ProjectFiles.resolve("tools/real_world_images.py");
    private static final Path DIR = ProjectFiles.resolve("target/real-world-images");
    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(
            new DecodeBudget(ImagePreprocessor.PILLOW_PIXEL_LIMIT, DecodeBudget.DEFAULT_CAPACITY));
    private static final List<String> TABLE = new ArrayList<>();

    /** One image the tool wrote, as Pillow opened it. */
    record RealImage(String name, String format, int width, int height, String mode, long fileBytes) {

        /** Decoded bytes as the budget counts them: the decoded mode's bytes per pixel (WebP: RGBA). */
        long decodedBytes() {
            int bytesPerPixel = switch (format.equals("WEBP") ? "RGBA" : mode) {
                case "RGBA", "CMYK" -> 4;
                case "RGB" -> 3;
                case "LA", "I;16" -> 2;
                default -> 1;
            };
            return (long) width * height * bytesPerPixel;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<RealImage> images() throws IOException {
        String manifest = manifest();
        List<RealImage> images = new ArrayList<>();
        for (String line : manifest.strip().split("\n")) {
            String[] f = line.split("\t");
            images.add(new RealImage(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], Long.parseLong(f[5])));
        }
        return images;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void scoresARealWorldImageWithinTheDefaultBudget(RealImage image) throws IOException {
        byte[] file = Files.readAllBytes(DIR.resolve(image.name()));

        assertThat(PREPROCESSOR.toTensor(file)).hasSize(3 * 224 * 224);

        TABLE.add(String.format(Locale.ROOT, "%-42s %-5s %5dx%-5d %-4s %10d %11d %8.1f", image.name(), image.format(),
                image.width(), image.height(), image.mode(), image.fileBytes(), image.decodedBytes(),
                (double) image.decodedBytes() / image.fileBytes()));
    }

    @AfterAll
    static void printTheRatios() {
        System.out.println("Real-world images: decoded bytes per file byte (limits: PNG 1032 on raw rows, GIF 2730, "
                + "BMP 128, JPEG 1024, WebP 4096, above " + DecodeBudget.ALWAYS_ALLOWED + " bytes)");
        System.out.println(String.format(Locale.ROOT, "%-42s %-5s %11s %-4s %10s %11s %8s", "image", "fmt", "size",
                "mode", "file", "decoded", "ratio"));
        TABLE.forEach(System.out::println);
    }

    /** The tool's listing: written once into {@code target/} and reused while the tools are unchanged. */
    private static String manifest() throws IOException {
        Path manifest = DIR.resolve("manifest.tsv");
        Path stamp = DIR.resolve("tools.stamp");
        String tools = Files.readString(TOOL) + Files.readString(TOOL.resolveSibling("bench_images.py"));
        String expected = Integer.toHexString(tools.hashCode()) + " " + tools.length();
        if (Files.exists(manifest) && Files.exists(stamp) && Files.readString(stamp).equals(expected)) {
            return Files.readString(manifest);
        }
        String listing = run(List.of(ProjectFiles.python(), TOOL.toString(), DIR.toString()));
        Files.writeString(manifest, listing);
        Files.writeString(stamp, expected);
        return listing;
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] output = process.getInputStream().readAllBytes();
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                fail(PillowFixtures.INSTALL_HINT + ". " + TOOL.getFileName() + " failed:\n" + errors);
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
