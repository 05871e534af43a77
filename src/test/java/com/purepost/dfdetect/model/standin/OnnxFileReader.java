package com.purepost.dfdetect.model.standin;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an {@code .onnx} file back with protobuf's schema-less parser, independently of the writer: field
 * numbers are looked up here again from {@code onnx.proto}. Only what the tests look at. Public for the
 * tests of other packages that read model files back.
 */
public final class OnnxFileReader {

    private OnnxFileReader() {
    }

    /** The parts of a ModelProto the tests look at; metadata in file order. */
    public record ParsedModel(long irVersion, Map<String, Long> opsets, String producerName, String docString,
                       Map<String, String> metadata, List<ParsedNode> nodes, List<ParsedTensor> initializers) {

        /** How many nodes of each op type, sorted by op type. */
        public Map<String, Integer> opTypeCounts() {
            Map<String, Integer> counts = new TreeMap<>();
            for (ParsedNode node : nodes) {
                counts.merge(node.opType(), 1, Integer::sum);
            }
            return counts;
        }

        public ParsedTensor initializer(String name) {
            return initializers.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no initializer " + name));
        }

        public List<ParsedNode> nodesOfType(String opType) {
            return nodes.stream().filter(n -> n.opType().equals(opType)).toList();
        }
    }

    /** A NodeProto's op type, name and value names. */
    public record ParsedNode(String opType, String name, List<String> inputs, List<String> outputs) {
    }

    /** An initializer; its elements as they lie in raw_data. */
    public record ParsedTensor(String name, int dataType, List<Long> dims, ByteString rawData) {
        public float[] floats() {
            float[] values = new float[rawData.size() / Float.BYTES];
            rawData.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }
    }

    public static ParsedModel read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    public static ParsedModel parse(byte[] bytes) throws InvalidProtocolBufferException {
        UnknownFieldSet model = UnknownFieldSet.parseFrom(bytes);
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (UnknownFieldSet opset : messages(model, 8)) {
            opsets.put(string(opset, 1), varint(opset, 2));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (UnknownFieldSet entry : messages(model, 14)) {
            metadata.put(string(entry, 1), string(entry, 2));
        }
        UnknownFieldSet graph = messages(model, 7).get(0);
        List<ParsedNode> nodes = new ArrayList<>();
        for (UnknownFieldSet node : messages(graph, 1)) {
            nodes.add(new ParsedNode(string(node, 4), string(node, 3), strings(node, 1), strings(node, 2)));
        }
        List<ParsedTensor> initializers = new ArrayList<>();
        for (UnknownFieldSet tensor : messages(graph, 5)) {
            ByteString raw = tensor.hasField(9) ? tensor.getField(9).getLengthDelimitedList().get(0) : ByteString.EMPTY;
            initializers.add(new ParsedTensor(string(tensor, 8), (int) varint(tensor, 2),
                    tensor.hasField(1) ? tensor.getField(1).getVarintList() : List.of(), raw));
        }
        return new ParsedModel(varint(model, 1), opsets, string(model, 2), string(model, 6), metadata, nodes,
                initializers);
    }

    private static List<UnknownFieldSet> messages(UnknownFieldSet message, int field) throws InvalidProtocolBufferException {
        List<UnknownFieldSet> parsed = new ArrayList<>();
        if (message.hasField(field)) {
            for (ByteString bytes : message.getField(field).getLengthDelimitedList()) {
                parsed.add(UnknownFieldSet.parseFrom(bytes));
            }
        }
        return parsed;
    }

    private static List<String> strings(UnknownFieldSet message, int field) {
        return message.hasField(field)
                ? message.getField(field).getLengthDelimitedList().stream().map(ByteString::toStringUtf8).toList()
                : List.of();
    }

    private static String string(UnknownFieldSet message, int field) {
        List<String> values = strings(message, field);
        return values.isEmpty() ? "" : values.get(values.size() - 1);
    }

    private static long varint(UnknownFieldSet message, int field) {
        List<Long> values = message.hasField(field) ? message.getField(field).getVarintList() : List.of();
        return values.isEmpty() ? 0 : values.get(values.size() - 1);
    }
}
