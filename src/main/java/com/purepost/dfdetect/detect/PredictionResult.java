package com.purepost.dfdetect.detect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The answer PurePost stores whole: {@code success}, {@code predictions} (one per label, highest score
 * first) and {@code processing_time} in seconds. {@code model} and {@code stand_in} say which model
 * scored the image; when it is a stand-in, {@code warning} says in words that the scores are not
 * detection, so that nobody reading the stored JSON later mistakes them for it.
 */
@JsonPropertyOrder({"success", "predictions", "processing_time", "model", "stand_in", "warning"})
public record PredictionResult(
        boolean success,
        List<Prediction> predictions,
        @JsonProperty("processing_time") double processingTime,
        String model,
        @JsonProperty("stand_in") boolean standIn,
        @JsonInclude(JsonInclude.Include.NON_NULL) String warning) {

    public PredictionResult {
        predictions = List.copyOf(predictions);
    }

    /** The same answer with another processing time: a cached result reports the time it really took. */
    public PredictionResult withProcessingTime(double seconds) {
        return new PredictionResult(success, predictions, seconds, model, standIn, warning);
    }

    /** The probability given to {@code label}, or NaN when the model has no such label. */
    public double scoreOf(String label) {
        return predictions.stream().filter(p -> p.label().equals(label))
                .mapToDouble(Prediction::score).findFirst().orElse(Double.NaN);
    }
}
