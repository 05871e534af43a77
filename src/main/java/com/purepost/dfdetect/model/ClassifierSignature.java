package com.purepost.dfdetect.model;

import com.purepost.dfdetect.model.OnnxFileInspector.Port;

import java.util.List;

/**
 * What the service feeds a model and reads back: one float32 input [N,3,224,224] and one float32
 * output [N,labels]. A file that promises anything else is refused with the reason, rather than
 * answered with scores that mean nothing.
 */
public final class ClassifierSignature {

    static final long CHANNELS = 3;
    static final long SIDE = 224;

    private ClassifierSignature() {
    }

    /** The one input and output of a model that fits; throws {@link ModelUnavailableException} naming what does not. */
    public static void verify(String file, List<Port> inputs, List<Port> outputs, int labels) {
        Port input = only(file, inputs, "input");
        Port output = only(file, outputs, "output");
        check(file, input, "input", new long[]{-1, CHANNELS, SIDE, SIDE}, "[N,3,224,224]");
        check(file, output, "output", new long[]{-1, labels}, "[N," + labels + "] (one logit per label in labels.txt)");
    }

    private static Port only(String file, List<Port> ports, String role) {
        if (ports.size() != 1) {
            throw new ModelUnavailableException(file + " has " + ports.size() + " " + role + "s "
                    + ports.stream().map(Port::name).toList() + "; an image classifier with exactly one " + role + " is expected");
        }
        return ports.get(0);
    }

    private static void check(String file, Port port, String role, long[] expected, String expectedText) {
        if (port.elementType() != OnnxFileInspector.FLOAT) {
            throw new ModelUnavailableException(file + ": the " + role + " '" + port.name()
                    + "' is not float32 (ONNX element type " + port.elementType() + ")");
        }
        List<Long> shape = port.shape();
        boolean matches = shape.size() == expected.length;
        for (int i = 0; matches && i < expected.length; i++) {
            // A dynamic axis in the file fits anything; a fixed one must be what we feed or read.
            matches = shape.get(i) < 0 || expected[i] < 0 || shape.get(i) == expected[i];
        }
        if (!matches) {
            throw new ModelUnavailableException(file + ": the " + role + " '" + port.name() + "' has shape "
                    + shape.toString().replace("-1", "N") + ", expected " + expectedText);
        }
    }
}
