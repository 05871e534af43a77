package com.purepost.dfdetect.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * One model file with its open session, counted in leases so that a model swapped out under load is
 * closed only when its last run has finished.
 */
final class LoadedModel {

    private static final Logger log = LoggerFactory.getLogger(LoadedModel.class);

    private final OnnxModel session;
    private final ModelIdentity identity;
    /** Open leases, plus one held by the provider while this is the current model. */
    private int references = 1;
    private boolean sessionClosed;

    private LoadedModel(OnnxModel session, ModelIdentity identity) {
        this.session = session;
        this.identity = identity;
    }

    /** Opens a session on the bytes of a checked file: the bytes that were hashed and checked, and no others. */
    static LoadedModel open(ModelFileCheck checked, Labels labels, int intraOpThreads) {
        String name = checked.file().getFileName().toString();
        OnnxModel session = OnnxModel.open(checked.takeBytes(), name, labels.size(), intraOpThreads);
        return new LoadedModel(session, new ModelIdentity(name, checked.sha256(), checked.standIn(), Instant.now()));
    }

    OnnxModel session() {
        return session;
    }

    ModelIdentity identity() {
        return identity;
    }

    /** A lease, or null when this model has been retired and closed meanwhile. */
    synchronized ModelLease lease() {
        if (sessionClosed) {
            return null;
        }
        references++;
        return new ModelLease(this);
    }

    /** Drops one reference; the last one closes the native session. */
    synchronized void release() {
        references--;
        if (references == 0 && !sessionClosed) {
            sessionClosed = true;
            session.close();
            // On shutdown this is the last word about the model: after it no request can run it.
            log.info("Closed the ONNX Runtime session on {} (sha256 {})", identity.fileName(), identity.sha256());
        }
    }
}
