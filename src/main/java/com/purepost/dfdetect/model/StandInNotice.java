package com.purepost.dfdetect.model;

/** The words every answer from a stand-in model carries, so that nobody mistakes its scores for detection. */
public final class StandInNotice {

    public static final String WARNING =
            "Scored by a stand-in model with seeded random weights, not the trained detector: "
                    + "these scores say nothing about whether the image is a deepfake.";

    /** The variable that lets a stand-in serve where the deployment forbids it by default. */
    public static final String ALLOW_VARIABLE = "DFDETECT_MODEL_ALLOW_STAND_IN";

    private StandInNotice() {
    }

    /**
     * Why nothing serves where stand-ins are not allowed and no trained model is there ({@code what} says
     * what was found instead), and the two ways out.
     */
    public static String notInstalled(String what) {
        return "no trained model is installed (" + what + ", and stand-ins are not allowed here). Put the trained "
                + "model into the model directory, or set " + ALLOW_VARIABLE + "=true to let a stand-in with random "
                + "weights serve for trying the service: its scores say nothing about deepfakes";
    }
}
