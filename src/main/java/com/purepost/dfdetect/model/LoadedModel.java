package com.purepost.dfdetect.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

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

    /** Opens a session on a checked file. */
    static LoadedModel open(ModelFileCheck checked, Labels labels, int intraOpThreads) {
        String sha256 = sha256(checked);
        OnnxModel session = OnnxModel.open(checked.file(), labels.size(), intraOpThreads);
        return new LoadedModel(session, new ModelIdentity(checked.file().getFileName().toString(), sha256,
                checked.standIn(), Instant.now()));
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

    private static String sha256(ModelFileCheck checked) {
        try (InputStream in = Files.newInputStream(checked.file())) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot read " + checked.file().getFileName() + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
