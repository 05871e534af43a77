package com.purepost.dfdetect.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/** The model's class names, in the order of its output logits ({@code labels.txt}: {@code real}, {@code deepfake}). */
public record Labels(List<String> names) {

    public Labels {
        names = List.copyOf(names);
        if (names.size() < 2) {
            throw new ModelUnavailableException("the label file must name at least two classes, it names " + names.size());
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new ModelUnavailableException("the label file names a class twice: " + names);
        }
    }

    /** One label per line; blank lines ignored; lower-cased, since PurePost compares lower-case labels. */
    public static Labels read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .toList();
            return new Labels(lines);
        } catch (NoSuchFileException e) {
            throw new ModelUnavailableException("the label file " + file.getFileName() + " is missing from the model directory", e);
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot read the label file " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    public int size() {
        return names.size();
    }

    public String get(int index) {
        return names.get(index);
    }
}
