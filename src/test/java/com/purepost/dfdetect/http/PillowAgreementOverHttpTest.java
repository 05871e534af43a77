package com.purepost.dfdetect.http;

import com.purepost.dfdetect.model.LinearProbeModel;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * End to end through the HTTP app: with a model whose logits are a fixed linear function of its input,
 * the probabilities we serve equal, to 1e-5, what numpy computes from Pillow's own preprocessing of
 * the same upload. Any difference in decoding, conversion, resizing or normalisation would show here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PillowAgreementOverHttpTest {

    private static final Path MODEL_DIR = ModelDirectories.withLabelsOnly();

    @DynamicPropertySource
    static void linearProbeModel(DynamicPropertyRegistry registry) throws IOException {
        LinearProbeModel.write(MODEL_DIR.resolve("ResNet18.onnx"), 5);
        registry.add("dfdetect.model.dir", MODEL_DIR::toString);
        registry.add("dfdetect.cache.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Test
    void servedProbabilitiesEqualNumpysOnPillowsTensorForEveryFormat() throws Exception {
        Map<String, byte[]> uploads = new LinkedHashMap<>();
        uploads.put("photo-like.jpg", TestImages.jpeg(1024, 768));
        uploads.put("small.png", TestImages.png(100, 60));
        uploads.put("exact.png", TestImages.png(224, 224));
        uploads.put("tall.gif", TestImages.encode(TestImages.noise(40, 500, 9), "gif"));
        uploads.put("wide.bmp", TestImages.encode(TestImages.noise(700, 90, 10), "bmp"));
        uploads.put("lossy.webp", TestImages.resource("noise-48x36.webp"));
        Path dir = Files.createTempDirectory("dfdetect-agreement-");
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, byte[]> upload : uploads.entrySet()) {
            Path file = dir.resolve(upload.getKey());
            Files.write(file, upload.getValue());
            paths.add(file.toString());
        }
        Map<String, double[]> numpy = numpyProbabilities(paths);

        ServiceClient client = new ServiceClient(port);
        for (Map.Entry<String, byte[]> upload : uploads.entrySet()) {
            Answer answer = client.predict(upload.getValue());
            assertThat(answer.succeeded()).as(upload.getKey() + ": " + answer.raw()).isTrue();
            double[] expected = numpy.get(dir.resolve(upload.getKey()).toString());
            assertThat(scoreOf(answer.json(), "real")).as(upload.getKey() + " real").isCloseTo(expected[0], within(1e-5));
            assertThat(scoreOf(answer.json(), "deepfake")).as(upload.getKey() + " deepfake").isCloseTo(expected[1], within(1e-5));
        }
    }

    private static double scoreOf(JsonNode answer, String label) {
        for (JsonNode prediction : answer.get("predictions")) {
            if (prediction.get("label").asString().equals(label)) {
                return prediction.get("score").asDouble();
            }
        }
        throw new AssertionError("no " + label + " in " + answer);
    }

    private static Map<String, double[]> numpyProbabilities(List<String> images) throws Exception {
        Path script = Files.createTempFile("probe_scores", ".py");
        try (InputStream in = PillowAgreementOverHttpTest.class.getResourceAsStream("probe_scores.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of(python(), script.toString(), MODEL_DIR.resolve("ResNet18.onnx").toString()));
        command.addAll(images);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            fail("numpy's reference failed (this test needs python3-pil, python3-numpy and python3-onnx):\n" + output);
        }
        Map<String, double[]> probabilities = new HashMap<>();
        for (String line : output.strip().split("\n")) {
            String[] fields = line.split("\t");
            probabilities.put(fields[0], new double[]{Double.parseDouble(fields[1]), Double.parseDouble(fields[2])});
        }
        return probabilities;
    }

    private static String python() {
        String configured = System.getenv("PILLOW_PYTHON");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
