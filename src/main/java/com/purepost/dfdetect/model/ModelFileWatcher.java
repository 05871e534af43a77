package com.purepost.dfdetect.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches the model directory (a mounted volume) and asks the provider to reload when the model file
 * is replaced, so that operators change the model without a rebuild or restart. Events are let settle
 * for a moment first, since a copy arrives as several writes; a file still half-written is refused by
 * the provider's checks and taken on the next event.
 */
public final class ModelFileWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelFileWatcher.class);

    private final ModelProvider provider;
    private final Duration settle;
    private final WatchService watcher;
    private final Thread thread;

    /** Starts watching; a directory that does not exist (yet) cannot be watched, and the reason is logged. */
    public ModelFileWatcher(ModelProvider provider, Duration settle) throws IOException {
        this.provider = provider;
        this.settle = settle;
        Path dir = provider.file().toAbsolutePath().getParent();
        this.watcher = FileSystems.getDefault().newWatchService();
        try {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            log.warn("Cannot watch {} for model updates ({}); restart to change the model", dir, e.toString());
            watcher.close();
            this.thread = null;
            return;
        }
        this.thread = new Thread(this::watch, "model-file-watcher");
        thread.setDaemon(true);
        thread.start();
        log.info("Watching {} for a replaced {}", dir, provider.file().getFileName());
    }

    private void watch() {
        Path name = provider.file().getFileName();
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean touched = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    touched |= name.equals(event.context()) || event.kind() == StandardWatchEventKinds.OVERFLOW;
                }
                key.reset();
                if (touched) {
                    settle();
                    provider.reload();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: the service is stopping.
        }
    }

    /** Waits until no further event has arrived for {@code settle}, so a multi-write copy is seen once. */
    private void settle() throws InterruptedException {
        WatchKey more;
        while ((more = watcher.poll(settle.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            more.pollEvents();
            more.reset();
        }
    }

    @Override
    public void close() throws IOException {
        if (thread != null) {
            thread.interrupt();
        }
        watcher.close();
    }
}
