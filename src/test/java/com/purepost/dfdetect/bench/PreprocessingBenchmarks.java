package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.image.DecodeStages;
import com.purepost.dfdetect.image.ImagePreprocessor;
import com.purepost.dfdetect.image.RgbImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * JMH: our preprocessing of one image, stage by stage, cut where Pillow's pipeline is cut in
 * {@code tools/bench_images.py serve}: load (the file to the first frame in its own mode), convert
 * (that frame to RGB), decode (the two together), resize to 224x224, tensor (normalise, CHW), and
 * the whole streaming pipeline the service runs ({@code toTensor}, which never holds the full-size
 * RGB image). Each stage starts from the previous stage's result, made once in set-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PreprocessingBenchmarks {

    /** One of {@link BenchImages#ALL}. */
    @Param({BenchImages.PHOTO_12MP, BenchImages.JPEG_1080P, BenchImages.PNG_VGA, BenchImages.PNG_224})
    public String image;

    private ImagePreprocessor preprocessor;
    private DecodeStages stages;
    private DecodeStages.Frame loaded;
    private byte[] encoded;
    private RgbImage decoded;
    private RgbImage resized;

    @Setup
    public void prepare() {
        preprocessor = new ImagePreprocessor(ImagePreprocessor.PILLOW_PIXEL_LIMIT);
        stages = new DecodeStages(preprocessor);
        encoded = BenchImages.bytes(image);
        loaded = stages.hold(encoded);
        decoded = preprocessor.decodeToRgb(encoded);
        resized = preprocessor.resize(decoded);
    }

    @TearDown
    public void release() {
        loaded.close();
    }

    @Benchmark
    public long load() {
        return stages.load(encoded);
    }

    @Benchmark
    public RgbImage convert() {
        return loaded.toRgb();
    }

    @Benchmark
    public RgbImage decode() {
        return preprocessor.decodeToRgb(encoded);
    }

    @Benchmark
    public RgbImage resize() {
        return preprocessor.resize(decoded);
    }

    @Benchmark
    public float[] tensor() {
        return preprocessor.normalize(resized);
    }

    @Benchmark
    public float[] pipeline() {
        return preprocessor.toTensor(encoded);
    }
}
