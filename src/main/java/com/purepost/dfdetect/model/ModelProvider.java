package com.purepost.dfdetect.model;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.model.standin.StandInModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The model the service serves. Its file is checked at start (a stand-in written in its place when it
 * is missing and that is allowed), held to the {@link ModelPolicy} (the pinned digests, whether
 * stand-ins may serve); its ONNX Runtime session is opened lazily, once, by the first request that
 * needs it, from the very bytes that were checked, and shared by all requests after. {@link #reload()} swaps in a replaced file
 * atomically: runs in flight finish on the old session, which is closed after the last of them.
 */
public final class ModelProvider implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelProvider.class);

    private final Path file;
    private final int intraOpThreads;
    private final Labels labels;
    private final ModelPolicy policy;

    private final Object lock = new Object();
    /** The file being served, as checked; null when there is none fit to serve. */
    private volatile ModelFileCheck checked;
    /** Its open session; null until the first request needs it. */
    private volatile LoadedModel loaded;
    /** Why the model cannot serve; null when it can. */
    private volatile String problem;
    /** Why the last replacement file was refused while the old model kept serving. */
    private volatile String lastReloadFailure;
    private volatile boolean closed;
    private final AtomicInteger sessionsOpened = new AtomicInteger();

    public ModelProvider(DfdetectProperties.Model settings, int intraOpThreads) {
        this.file = settings.filePath();
        this.intraOpThreads = intraOpThreads;
        this.policy = ModelPolicy.of(settings);
        Labels readLabels = null;
        try {
            readLabels = Labels.read(settings.labelsPath());
            ensureModelFile(settings);
            checked = ModelFileCheck.of(file, readLabels, policy);
        } catch (ModelUnavailableException e) {
            problem = withoutDirectory(e.getMessage());
            log.error("The model cannot serve: {}. /health answers 503 until this is fixed.", e.getMessage());
        }
        this.labels = readLabels;
        announce(checked);
    }

    private void ensureModelFile(DfdetectProperties.Model settings) {
        if (Files.isRegularFile(file)) {
            return;
        }
        if (!settings.allowStandIn()) {
            throw new ModelUnavailableException(StandInNotice.notInstalled(file.getFileName() + " is missing"));
        }
        if (!settings.standInWhenMissing()) {
            throw new ModelUnavailableException("model file " + file.getFileName() + " not found in the model directory "
                    + "(stand-in generation is off: dfdetect.model.stand-in-when-missing=false)");
        }
        StandInModels.Variant variant = StandInModels.variantFor(settings.file());
        log.warn("Model file {} not found: writing a {} stand-in with random weights in its place", file, variant);
        try {
            StandInModels.write(variant, file, StandInModels.DEFAULT_SEED);
        } catch (IOException | RuntimeException e) {
            // A volume mounted read-only (or owned by another user) is an operator's choice, not a crash:
            // the answer is 503 with what to do.
            throw new ModelUnavailableException("model file " + file.getFileName() + " not found in the model directory, "
                    + "and a stand-in cannot be written there (" + describe(e) + "). Put the trained "
                    + file.getFileName() + " into the model directory (the volume mounted there), or make the directory "
                    + "writable to let a stand-in with random weights be written for trying the service", e);
        }
    }

    /** What went wrong with a file, in words and without the server's paths that exceptions carry. */
    private static String describe(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "something that is not a directory is in the way";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getClass().getSimpleName();
    }

    private void announce(ModelFileCheck check) {
        if (check == null) {
            return;
        }
        if (check.standIn()) {
            log.warn("SERVING A STAND-IN MODEL ({}): its weights are random, its scores are NOT deepfake detection. "
                    + "Put the trained ResNet18.onnx into {} to serve real scores.", file.getFileName(), file.getParent());
        } else {
            log.info("Model file {} ({} labels: {}); the session opens on the first request", file, labels.size(), labels.names());
        }
    }

    /**
     * A lease on the current model, opening its session on first call. Close the lease when the run is
     * done. Throws {@link ModelUnavailableException} when the model cannot serve.
     */
    public ModelLease lease() {
        LoadedModel current = loaded;
        if (current != null) {
            ModelLease lease = current.lease();
            if (lease != null) {
                return lease;
            }
        }
        synchronized (lock) {
            if (closed) {
                throw new ModelUnavailableException("the service is shutting down");
            }
            if (loaded == null) {
                if (problem != null) {
                    throw new ModelUnavailableException(problem);
                }
                loaded = open(checked);
            }
            return loaded.lease();
        }
    }

    private LoadedModel open(ModelFileCheck check) {
        long started = System.nanoTime();
        try {
            LoadedModel opened = LoadedModel.open(check, labels, intraOpThreads);
            sessionsOpened.incrementAndGet();
            log.info("Opened the ONNX Runtime session on {} (sha256 {}) in {} ms with {} intra-op threads",
                    check.file().getFileName(), opened.identity().sha256(), (System.nanoTime() - started) / 1_000_000,
                    intraOpThreads);
            return opened;
        } catch (ModelUnavailableException e) {
            String reason = withoutDirectory(e.getMessage());
            if (loaded == null) {
                problem = reason;
            }
            log.error("Cannot open the model session: {}", e.getMessage());
            throw new ModelUnavailableException(reason, e);
        }
    }

    /**
     * Checks the model file again (it has been replaced) and, when it is fit, serves it from now on.
     * A file that is not fit is refused and the model in service keeps serving. Returns whether the
     * new file was taken.
     */
    public boolean reload() {
        synchronized (lock) {
            if (closed || labels == null) {
                return false;
            }
            try {
                ModelFileCheck check = ModelFileCheck.of(file, labels, policy);
                if (loaded == null) {
                    checked = check;
                } else {
                    LoadedModel next = open(check);
                    LoadedModel previous = loaded;
                    loaded = next;
                    checked = check;
                    previous.release();
                }
                problem = null;
                lastReloadFailure = null;
                log.info("Model file {} replaced: now serving it", file.getFileName());
                announce(check);
                return true;
            } catch (ModelUnavailableException e) {
                lastReloadFailure = withoutDirectory(e.getMessage());
                if (checked == null) {
                    problem = lastReloadFailure;
                }
                log.error("Refused the replaced model file: {}. {}", e.getMessage(),
                        checked == null ? "/health answers 503." : "The previous model keeps serving.");
                return false;
            }
        }
    }

    /**
     * The reason as clients may read it ({@code /health}, 503 answers): the model directory's path, which
     * messages from files and libraries carry, cut down to the file names. The log keeps the full message.
     */
    private String withoutDirectory(String reason) {
        if (reason == null) {
            return null;
        }
        Path dir = file.toAbsolutePath().getParent();
        String safe = reason.replace(dir + java.io.File.separator, "");
        Path given = file.getParent();
        return given == null ? safe : safe.replace(given + java.io.File.separator, "");
    }

    /** How many sessions this provider has opened: one in a healthy life without reloads, however many requests raced. */
    public int sessionsOpened() {
        return sessionsOpened.get();
    }

    /** The file this provider serves. */
    public Path file() {
        return file;
    }

    public Labels labels() {
        if (labels == null) {
            throw new ModelUnavailableException(problem);
        }
        return labels;
    }

    public ModelHealth health() {
        String reason = closed ? "the service is shutting down" : problem;
        ModelFileCheck check = checked;
        LoadedModel current = loaded;
        boolean standIn = check != null && check.standIn();
        return new ModelHealth(
                reason == null ? ModelHealth.HEALTHY : ModelHealth.UNHEALTHY,
                Instant.now(),
                file.getFileName().toString(),
                Files.isRegularFile(file),
                current != null,
                standIn,
                current == null ? null : current.identity().sha256(),
                current == null ? null : current.identity().loadedAt(),
                labels == null ? List.of() : labels.names(),
                reason,
                lastReloadFailure,
                standIn ? StandInNotice.WARNING : null);
    }

    /** Closes the session once the runs in flight have returned their leases. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (loaded != null) {
                // Said before the release, which closes the session at once when no run is in flight.
                log.info("Releasing the ONNX Runtime session on {}; it closes when the last run finishes", file.getFileName());
                loaded.release();
            }
        }
    }
}
