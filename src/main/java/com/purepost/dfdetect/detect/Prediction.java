package com.purepost.dfdetect.detect;

/** One label's probability, as PurePost reads it: {@code {"label": "deepfake", "score": 0.9}}. */
public record Prediction(String label, double score) {
}
