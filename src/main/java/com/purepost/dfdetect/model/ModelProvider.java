package com.purepost.dfdetect.model;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.model.standin.StandInModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The model the service serves: its file checked at start (a stand-in written when it is missing
 * and that is allowed), its ONNX Runtime session opened lazily, once, by the first request that
 * needs it, and shared by all requests after. Closing the provider closes the session.
 */
public final class ModelProvider implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelProvider.class);

    private final Path file;
    private final int intraOpThreads;
    private final Labels labels;
    private final boolean standIn;
    /** Why the model cannot serve, found at start; null when it can. */
    private final String problemAtStart;

    private final Object openLock = new Object();
    private volatile OnnxModel model;
    /** Why opening the session failed; sticky, so a broken file is not re-parsed on every request. */
    private volatile String openFailure;
    private volatile boolean closed;
    private final AtomicInteger sessionsOpened = new AtomicInteger();

    public ModelProvider(DfdetectProperties.Model settings, int intraOpThreads) {
        this.file = settings.filePath();
        this.intraOpThreads = intraOpThreads;
        Labels readLabels = null;
        boolean markedStandIn = false;
        String problem = null;
        try {
            readLabels = Labels.read(settings.labelsPath());
            ensureModelFile(settings);
            OnnxFileInspector.Summary summary = OnnxFileInspector.inspect(file);
            ClassifierSignature.verify(file.getFileName().toString(), summary.inputs(), summary.outputs(), readLabels.size());
            markedStandIn = "true".equals(summary.metadata().get(StandInModels.STAND_IN_KEY));
        } catch (ModelUnavailableException e) {
            problem = e.getMessage();
            log.error("The model cannot serve: {}. /health answers 503 until this is fixed.", problem);
        }
        this.labels = readLabels;
        this.standIn = markedStandIn;
        this.problemAtStart = problem;
        if (markedStandIn) {
            log.warn("SERVING A STAND-IN MODEL ({}): its weights are random, its scores are NOT deepfake detection. "
                    + "Put the trained ResNet18.onnx into {} to serve real scores.", file.getFileName(), file.getParent());
        } else if (problem == null) {
            log.info("Model file {} ({} labels: {}); the session opens on the first request", file, labels.size(), labels.names());
        }
    }

    private void ensureModelFile(DfdetectProperties.Model settings) {
        if (Files.isRegularFile(file)) {
            return;
        }
        if (!settings.standInWhenMissing()) {
            throw new ModelUnavailableException("model file " + file + " not found (stand-in generation is off: "
                    + "dfdetect.model.stand-in-when-missing=false)");
        }
        StandInModels.Variant variant = StandInModels.variantFor(settings.file());
        log.warn("Model file {} not found: writing a {} stand-in with random weights in its place", file, variant);
        try {
            StandInModels.write(variant, file, StandInModels.DEFAULT_SEED);
        } catch (IOException | RuntimeException e) {
            throw new ModelUnavailableException("model file " + file + " not found, and writing a stand-in there failed: "
                    + e.getMessage(), e);
        }
    }

    /** The open model, opening it on first call. Throws {@link ModelUnavailableException} when it cannot serve. */
    public OnnxModel get() {
        OnnxModel current = model;
        if (current != null) {
            return current;
        }
        synchronized (openLock) {
            if (model != null) {
                return model;
            }
            String problem = problem();
            if (problem != null) {
                throw new ModelUnavailableException(problem);
            }
            long started = System.nanoTime();
            try {
                model = OnnxModel.open(file, labels.size(), intraOpThreads);
                sessionsOpened.incrementAndGet();
            } catch (ModelUnavailableException e) {
                openFailure = e.getMessage();
                log.error("Cannot open the model session: {}", openFailure);
                throw e;
            }
            log.info("Opened the ONNX Runtime session on {} in {} ms ({} intra-op threads)",
                    file.getFileName(), (System.nanoTime() - started) / 1_000_000, intraOpThreads);
            return model;
        }
    }

    public Labels labels() {
        if (labels == null) {
            throw new ModelUnavailableException(problem());
        }
        return labels;
    }

    public boolean standIn() {
        return standIn;
    }

    public String fileName() {
        return file.getFileName().toString();
    }

    /** How many sessions this provider has opened: one in a healthy life, however many requests raced for it. */
    public int sessionsOpened() {
        return sessionsOpened.get();
    }

    /** True once the session has been opened. */
    public boolean isOpen() {
        return model != null;
    }

    private String problem() {
        if (closed) {
            return "the service is shutting down";
        }
        return problemAtStart != null ? problemAtStart : openFailure;
    }

    public ModelHealth health() {
        String problem = problem();
        return new ModelHealth(
                problem == null ? ModelHealth.HEALTHY : ModelHealth.UNHEALTHY,
                Instant.now(),
                fileName(),
                Files.isRegularFile(file),
                isOpen(),
                standIn,
                labels == null ? List.of() : labels.names(),
                problem,
                standIn ? StandInNotice.WARNING : null);
    }

    @Override
    public void close() {
        synchronized (openLock) {
            closed = true;
            if (model != null) {
                model.close();
                log.info("Closed the ONNX Runtime session on {}", file.getFileName());
            }
        }
    }
}
