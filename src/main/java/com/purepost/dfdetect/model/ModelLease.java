package com.purepost.dfdetect.model;

/**
 * The right to run one model until closed. A model swapped out while leases on it are open keeps
 * serving them, and its native session is closed when the last one is returned.
 */
public final class ModelLease implements AutoCloseable {

    private final LoadedModel loaded;
    private boolean closed;

    ModelLease(LoadedModel loaded) {
        this.loaded = loaded;
    }

    public OnnxModel model() {
        return loaded.session();
    }

    /** The file name, SHA-256 and stand-in mark of the leased model: what a cached result is keyed by. */
    public ModelIdentity identity() {
        return loaded.identity();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            loaded.release();
        }
    }
}
