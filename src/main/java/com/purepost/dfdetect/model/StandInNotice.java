package com.purepost.dfdetect.model;

/** The words every answer from a stand-in model carries, so that nobody mistakes its scores for detection. */
public final class StandInNotice {

    public static final String WARNING =
            "Scored by a stand-in model with seeded random weights, not the trained detector: "
                    + "these scores say nothing about whether the image is a deepfake.";

    private StandInNotice() {
    }
}
