package com.purepost.dfdetect.model.standin;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The small part of ONNX's model format that the stand-ins need, as plain data: a model, its graph, nodes,
 * attributes, initializers and typed inputs and outputs. {@link OnnxProtoWriter} turns it into the protobuf
 * bytes of an {@code .onnx} file.
 *
 * <p>Tensor bytes and attribute arrays are held as given, not copied: a 45 MB model should not be copied
 * on every step. Treat them as read-only once handed over.
 */
public final class Onnx {

    private Onnx() {
    }

    /** The tensor element types used here, with their {@code TensorProto.DataType} codes. */
    public enum DataType {
        FLOAT(1, Float.BYTES),
        UINT8(2, Byte.BYTES),
        INT64(7, Long.BYTES);

        private final int code;
        private final int bytesPerElement;

        DataType(int code, int bytesPerElement) {
            this.code = code;
            this.bytesPerElement = bytesPerElement;
        }

        /** The number ONNX uses for this type in {@code data_type}, {@code elem_type} and Cast's {@code to}. */
        public int code() {
            return code;
        }

        public int bytesPerElement() {
            return bytesPerElement;
        }
    }

    /** One entry of a model's {@code opset_import}; the empty domain is the default {@code ai.onnx}. */
    public record OpsetId(String domain, long version) {
        public OpsetId {
            Objects.requireNonNull(domain, "domain");
        }
    }

    /** A whole model: header fields, the graph, and {@code metadata_props} in insertion order. */
    public record Model(long irVersion, List<OpsetId> opsetImports, String producerName, String producerVersion,
                        String docString, Graph graph, Map<String, String> metadata) {
        public Model {
            opsetImports = List.copyOf(opsetImports);
            Objects.requireNonNull(graph, "graph");
            // Kept ordered so that the same model always serializes to the same bytes.
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** A graph; nodes must already be in a topological order, as ONNX requires. */
    public record Graph(String name, List<Node> nodes, List<Tensor> initializers, List<ValueInfo> inputs,
                        List<ValueInfo> outputs) {
        public Graph {
            nodes = List.copyOf(nodes);
            initializers = List.copyOf(initializers);
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /** One operator call. An empty name is allowed (and then not written), as in ONNX. */
    public record Node(String opType, String name, List<String> inputs, List<String> outputs,
                       List<Attribute> attributes) {
        public Node {
            Objects.requireNonNull(opType, "opType");
            Objects.requireNonNull(name, "name");
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            attributes = List.copyOf(attributes);
        }

        public Node(String opType, String name, List<String> inputs, List<String> outputs) {
            this(opType, name, inputs, outputs, List.of());
        }

        /** The attribute of that name, or null. */
        public Attribute attribute(String attributeName) {
            for (Attribute attribute : attributes) {
                if (attribute.name().equals(attributeName)) {
                    return attribute;
                }
            }
            return null;
        }
    }

    /** A node attribute; only the kinds the stand-in graphs use. */
    public sealed interface Attribute permits IntAttribute, FloatAttribute, IntsAttribute {
        String name();
    }

    /** An {@code INT} attribute (ONNX stores it as int64). */
    public record IntAttribute(String name, long value) implements Attribute {
    }

    /** A {@code FLOAT} attribute. */
    public record FloatAttribute(String name, float value) implements Attribute {
    }

    /** An {@code INTS} attribute. */
    public record IntsAttribute(String name, long[] values) implements Attribute {
        public IntsAttribute {
            Objects.requireNonNull(values, "values");
        }

        public static IntsAttribute of(String name, long... values) {
            return new IntsAttribute(name, values);
        }
    }

    /** An initializer: name, type, shape, and its elements as little-endian bytes ({@code raw_data}). */
    public record Tensor(String name, DataType type, long[] dims, byte[] rawData) {
        public Tensor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            long elements = elementCount(dims);
            if (rawData.length != elements * type.bytesPerElement()) {
                throw new IllegalArgumentException("tensor " + name + ": " + rawData.length + " bytes for "
                        + elements + " elements of " + type);
            }
        }

        public static Tensor ofFloats(String name, long[] dims, float[] values) {
            ByteBuffer bytes = littleEndian(values.length * Float.BYTES);
            bytes.asFloatBuffer().put(values);
            return new Tensor(name, DataType.FLOAT, dims, bytes.array());
        }

        public static Tensor ofInt64s(String name, long[] dims, long[] values) {
            ByteBuffer bytes = littleEndian(values.length * Long.BYTES);
            bytes.asLongBuffer().put(values);
            return new Tensor(name, DataType.INT64, dims, bytes.array());
        }

        /** A rank-0 float, the shape ORT's quantizer gives scales. */
        public static Tensor scalarFloat(String name, float value) {
            return ofFloats(name, new long[0], new float[] {value});
        }

        /** A rank-0 uint8, the shape ORT's quantizer gives zero points. */
        public static Tensor scalarUInt8(String name, int value) {
            return new Tensor(name, DataType.UINT8, new long[0], new byte[] {(byte) value});
        }

        /** The elements of a FLOAT tensor, decoded. */
        public float[] floats() {
            if (type != DataType.FLOAT) {
                throw new IllegalStateException("tensor " + name + " is " + type + ", not FLOAT");
            }
            float[] values = new float[Math.toIntExact(elementCount(dims))];
            ByteBuffer.wrap(rawData).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }

        private static long elementCount(long[] dims) {
            long count = 1;
            for (long dim : dims) {
                count = Math.multiplyExact(count, dim);
            }
            return count;
        }

        private static ByteBuffer littleEndian(int size) {
            return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** A typed graph input or output. */
    public record ValueInfo(String name, DataType elemType, List<Dim> shape) {
        public ValueInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(elemType, "elemType");
            shape = List.copyOf(shape);
        }
    }

    /** One dimension of a shape: a fixed size, or a named symbolic size such as {@code batch_size}. */
    public record Dim(long value, String param) {
        public static Dim of(long value) {
            return new Dim(value, null);
        }

        public static Dim param(String name) {
            return new Dim(-1, Objects.requireNonNull(name, "name"));
        }

        public boolean isParam() {
            return param != null;
        }
    }
}
