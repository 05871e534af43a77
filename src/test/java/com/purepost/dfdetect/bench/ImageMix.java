package com.purepost.dfdetect.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which benchmark image each successive request sends: the images in proportion to their weights,
 * in a fixed shuffled order, so that every run (HTTP or in-process) sends the same sequence.
 */
record ImageMix(Map<String, Integer> weights, List<String> sequence) {

    /**
     * What PurePost's users upload, as we guess it: a phone photo one time in five, mostly images
     * already resized for the web, screenshots and small images the rest.
     */
    static ImageMix realistic() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put(BenchImages.PHOTO_12MP, 20);
        weights.put(BenchImages.JPEG_1080P, 40);
        weights.put(BenchImages.PNG_VGA, 25);
        weights.put(BenchImages.PNG_224, 15);
        return of(weights);
    }

    /** One image only. */
    static ImageMix only(String image) {
        return of(Map.of(image, 1));
    }

    /** From {@code name=weight,name=weight}. */
    static ImageMix parse(String text) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String[] nameWeight = entry.split("=");
            weights.put(nameWeight[0].strip(), Integer.parseInt(nameWeight[1].strip()));
        }
        return of(weights);
    }

    static ImageMix of(Map<String, Integer> weights) {
        List<String> sequence = new ArrayList<>();
        weights.forEach((image, weight) -> sequence.addAll(Collections.nCopies(weight, image)));
        Collections.shuffle(sequence, new Random(20_261_125L));
        return new ImageMix(Map.copyOf(weights), List.copyOf(sequence));
    }

    /** The image of the n-th request. */
    String image(long n) {
        return sequence.get((int) (n % sequence.size()));
    }

    String describe() {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        List<String> parts = new ArrayList<>();
        BenchImages.ALL.stream().filter(weights::containsKey)
                .forEach(image -> parts.add(Math.round(100.0 * weights.get(image) / total) + " % " + image));
        return String.join(", ", parts);
    }
}
