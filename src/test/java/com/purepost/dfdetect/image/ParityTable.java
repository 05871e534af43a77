package com.purepost.dfdetect.image;

import com.purepost.dfdetect.image.PillowFixtures.Fixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The per-fixture differences of a parity run, printed as a table, then the worst per class. */
final class ParityTable {

    private final String title;
    private final List<String> rows = new ArrayList<>();
    private final Map<String, Difference> worstByClass = new LinkedHashMap<>();

    ParityTable(String title) {
        this.title = title;
    }

    synchronized void compared(Fixture f, Difference decode, Difference resize, Difference tensor) {
        rows.add(String.format("%-38s %-22s %-5s %10s %-5s %12s %12s %12s", f.name(), f.kind(), f.format(),
                f.width() + "x" + f.height(), f.mode(), decode == null ? "(large)" : decode, resize, tensor));
        Difference worst = (decode == null ? Difference.NONE : decode).worst(resize);
        worstByClass.merge(f.kind(), worst, Difference::worst);
    }

    synchronized void refused(Fixture f, ImageRejectedException e) {
        rows.add(String.format("%-38s %-22s refused as Pillow does: %s: %s", f.name(), f.kind(), e.reason(), e.getMessage()));
    }

    synchronized void failed(Fixture f, Throwable e) {
        rows.add(String.format("%-38s %-22s FAILED: %s", f.name(), f.kind(), e));
        worstByClass.merge(f.kind(), new Difference(Double.NaN, Double.NaN), Difference::worst);
    }

    synchronized void print() {
        StringBuilder out = new StringBuilder();
        out.append('\n').append(title).append(": |ours - Pillow| as max/mean, 0 when identical\n");
        out.append(String.format("%-38s %-22s %-5s %10s %-5s %12s %12s %12s%n", "fixture", "class", "fmt", "size",
                "mode", "decoded", "224x224", "tensor"));
        rows.forEach(r -> out.append(r).append('\n'));
        out.append("Worst pixel difference per class (decoded or resized, max/mean):\n");
        worstByClass.forEach((k, v) -> out.append(String.format("  %-22s %s%n", k, v)));
        System.out.print(out);
    }
}
