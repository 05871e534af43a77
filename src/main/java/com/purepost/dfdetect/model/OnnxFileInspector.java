package com.purepost.dfdetect.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what can be told of an ONNX file without opening a session: that it parses as a ModelProto
 * with a graph, the graph's inputs and outputs with their shapes, and its metadata (where a stand-in
 * is marked). Cheap enough for start-up and {@code /health}, so that a wrong file is reported at once
 * while the session itself stays lazy.
 */
public final class OnnxFileInspector {

    // Field numbers from onnx.proto.
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_METADATA_PROPS = 14;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int TENSOR_NAME = 8;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    /** onnx.proto's TensorProto.DataType.FLOAT. */
    public static final int FLOAT = 1;

    /** A graph input or output: its name, element type and shape (-1 for a dynamic or unknown axis). */
    public record Port(String name, int elementType, List<Long> shape) {
        public Port {
            shape = List.copyOf(shape);
        }
    }

    /** What the file says of itself. */
    public record Summary(List<Port> inputs, List<Port> outputs, Map<String, String> metadata) {
        public Summary {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            metadata = Map.copyOf(metadata);
        }
    }

    private OnnxFileInspector() {
    }

    /** What {@code bytes}, the content of the file {@code fileName}, say of themselves. */
    public static Summary inspect(byte[] bytes, String fileName) {
        Map<String, String> metadata = new HashMap<>();
        Summary graph = null;
        try {
            CodedInputStream proto = CodedInputStream.newInstance(bytes);
            proto.setSizeLimit(Integer.MAX_VALUE);
            for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == MODEL_METADATA_PROPS && isMessage(tag)) {
                    readEntry(proto, metadata);
                } else if (field == MODEL_GRAPH && isMessage(tag)) {
                    graph = readGraph(proto);
                } else if (!proto.skipField(tag)) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ModelUnavailableException(fileName + " is not a readable ONNX model (" + e.getMessage() + ")", e);
        }
        if (graph == null) {
            throw new ModelUnavailableException(fileName + " is not an ONNX model: it holds no graph");
        }
        return new Summary(graph.inputs(), graph.outputs(), metadata);
    }

    private static boolean isMessage(int tag) {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    private static Summary readGraph(CodedInputStream proto) throws IOException {
        int limit = proto.pushLimit(proto.readRawVarint32());
        List<Port> inputs = new ArrayList<>();
        List<Port> outputs = new ArrayList<>();
        Set<String> initializers = new HashSet<>();
        for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case GRAPH_INPUT -> inputs.add(readPort(proto));
                case GRAPH_OUTPUT -> outputs.add(readPort(proto));
                case GRAPH_INITIALIZER -> initializers.add(readTensorName(proto));
                default -> proto.skipField(tag);
            }
        }
        proto.popLimit(limit);
        // Files of IR version < 4 list weights among the inputs; they are not fed by the caller.
        inputs.removeIf(port -> initializers.contains(port.name()));
        return new Summary(inputs, outputs, Map.of());
    }

    private static String readTensorName(CodedInputStream proto) throws IOException {
        int limit = proto.pushLimit(proto.readRawVarint32());
        String name = "";
        for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == TENSOR_NAME) {
                name = proto.readStringRequireUtf8();
            } else {
                proto.skipField(tag);
            }
        }
        proto.popLimit(limit);
        return name;
    }

    private static Port readPort(CodedInputStream proto) throws IOException {
        int limit = proto.pushLimit(proto.readRawVarint32());
        String name = "";
        int[] elementType = {0};
        List<Long> shape = new ArrayList<>();
        for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case VALUE_INFO_NAME -> name = proto.readStringRequireUtf8();
                case VALUE_INFO_TYPE -> readType(proto, elementType, shape);
                default -> proto.skipField(tag);
            }
        }
        proto.popLimit(limit);
        return new Port(name, elementType[0], shape);
    }

    private static void readType(CodedInputStream proto, int[] elementType, List<Long> shape) throws IOException {
        int limit = proto.pushLimit(proto.readRawVarint32());
        for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == TYPE_TENSOR && isMessage(tag)) {
                int tensorLimit = proto.pushLimit(proto.readRawVarint32());
                for (int t = proto.readTag(); t != 0; t = proto.readTag()) {
                    switch (WireFormat.getTagFieldNumber(t)) {
                        case TENSOR_TYPE_ELEM_TYPE -> elementType[0] = proto.readInt32();
                        case TENSOR_TYPE_SHAPE -> readShape(proto, shape);
                        default -> proto.skipField(t);
                    }
                }
                proto.popLimit(tensorLimit);
            } else {
                proto.skipField(tag);
            }
        }
        proto.popLimit(limit);
    }

    private static void readShape(CodedInputStream proto, List<Long> shape) throws IOException {
        int limit = proto.pushLimit(proto.readRawVarint32());
        for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == SHAPE_DIM && isMessage(tag)) {
                int dimLimit = proto.pushLimit(proto.readRawVarint32());
                long value = -1;
                for (int t = proto.readTag(); t != 0; t = proto.readTag()) {
                    if (WireFormat.getTagFieldNumber(t) == DIM_VALUE) {
                        value = proto.readInt64();
                    } else {
                        proto.skipField(t);
                    }
                }
                proto.popLimit(dimLimit);
                shape.add(value);
            } else {
                proto.skipField(tag);
            }
        }
        proto.popLimit(limit);
    }

    private static void readEntry(CodedInputStream proto, Map<String, String> metadata) throws IOException {
        int limit = proto.pushLimit(proto.readRawVarint32());
        String key = null;
        String value = "";
        for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case ENTRY_KEY -> key = proto.readStringRequireUtf8();
                case ENTRY_VALUE -> value = proto.readStringRequireUtf8();
                default -> proto.skipField(tag);
            }
        }
        proto.popLimit(limit);
        if (key != null) {
            metadata.put(key, value);
        }
    }
}
