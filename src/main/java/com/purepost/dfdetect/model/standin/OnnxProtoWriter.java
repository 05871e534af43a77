package com.purepost.dfdetect.model.standin;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import com.purepost.dfdetect.model.standin.Onnx.Attribute;
import com.purepost.dfdetect.model.standin.Onnx.Dim;
import com.purepost.dfdetect.model.standin.Onnx.FloatAttribute;
import com.purepost.dfdetect.model.standin.Onnx.Graph;
import com.purepost.dfdetect.model.standin.Onnx.IntAttribute;
import com.purepost.dfdetect.model.standin.Onnx.IntsAttribute;
import com.purepost.dfdetect.model.standin.Onnx.Model;
import com.purepost.dfdetect.model.standin.Onnx.Node;
import com.purepost.dfdetect.model.standin.Onnx.OpsetId;
import com.purepost.dfdetect.model.standin.Onnx.Tensor;
import com.purepost.dfdetect.model.standin.Onnx.ValueInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes an {@link Onnx.Model} as the protobuf bytes of an {@code .onnx} file ({@code ModelProto}), field by
 * field, with the field numbers of {@code onnx.proto}. No generated classes: only protobuf's wire encoder.
 *
 * <p>A nested message is written as a length and then its fields, so every message is encoded twice over
 * the same code: once into a byte counter to learn its length, once for real. Tensor bytes are only counted
 * on the first pass, never copied, so a 45 MB model streams straight to the file.
 *
 * <p>Fields go out in field-number order, as protobuf's own serializers do; repeated scalars ({@code dims},
 * {@code ints}) are unpacked, as {@code onnx.proto} (proto2, no {@code packed} option) declares them.
 */
public final class OnnxProtoWriter {

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // StringStringEntryProto
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto, and its AttributeType values
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_F = 2;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_FLOAT = 1;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int ATTRIBUTE_TYPE_INTS = 7;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private static final int BUFFER_SIZE = 1 << 16;

    private OnnxProtoWriter() {
    }

    /** Writes the model to the stream (buffered here; the stream is flushed, not closed). */
    public static void write(Model model, OutputStream out) throws IOException {
        CodedOutputStream coded = CodedOutputStream.newInstance(out, BUFFER_SIZE);
        model(new Emitter(coded), model);
        coded.flush();
    }

    /** The model's bytes in memory; for small models and tests. */
    public static byte[] toBytes(Model model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(model, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void model(Sink sink, Model model) throws IOException {
        sink.int64(MODEL_IR_VERSION, model.irVersion());
        sink.string(MODEL_PRODUCER_NAME, model.producerName());
        sink.string(MODEL_PRODUCER_VERSION, model.producerVersion());
        sink.string(MODEL_DOC_STRING, model.docString());
        sink.message(MODEL_GRAPH, s -> graph(s, model.graph()));
        for (OpsetId opset : model.opsetImports()) {
            sink.message(MODEL_OPSET_IMPORT, s -> {
                // Written even when empty, as ONNX's own helper does for the default domain.
                s.stringAlways(OPSET_DOMAIN, opset.domain());
                s.int64(OPSET_VERSION, opset.version());
            });
        }
        for (Map.Entry<String, String> entry : model.metadata().entrySet()) {
            sink.message(MODEL_METADATA_PROPS, s -> {
                s.string(ENTRY_KEY, entry.getKey());
                s.string(ENTRY_VALUE, entry.getValue());
            });
        }
    }

    private static void graph(Sink sink, Graph graph) throws IOException {
        for (Node node : graph.nodes()) {
            sink.message(GRAPH_NODE, s -> node(s, node));
        }
        sink.string(GRAPH_NAME, graph.name());
        for (Tensor tensor : graph.initializers()) {
            sink.message(GRAPH_INITIALIZER, s -> tensor(s, tensor));
        }
        for (ValueInfo input : graph.inputs()) {
            sink.message(GRAPH_INPUT, s -> valueInfo(s, input));
        }
        for (ValueInfo output : graph.outputs()) {
            sink.message(GRAPH_OUTPUT, s -> valueInfo(s, output));
        }
    }

    private static void node(Sink sink, Node node) throws IOException {
        for (String input : node.inputs()) {
            sink.stringAlways(NODE_INPUT, input);
        }
        for (String output : node.outputs()) {
            sink.stringAlways(NODE_OUTPUT, output);
        }
        sink.string(NODE_NAME, node.name());
        sink.string(NODE_OP_TYPE, node.opType());
        for (Attribute attribute : node.attributes()) {
            sink.message(NODE_ATTRIBUTE, s -> attribute(s, attribute));
        }
    }

    private static void attribute(Sink sink, Attribute attribute) throws IOException {
        sink.string(ATTRIBUTE_NAME, attribute.name());
        if (attribute instanceof FloatAttribute f) {
            sink.float32(ATTRIBUTE_F, f.value());
            sink.int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_FLOAT);
        } else if (attribute instanceof IntAttribute i) {
            sink.int64(ATTRIBUTE_I, i.value());
            sink.int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT);
        } else if (attribute instanceof IntsAttribute ints) {
            for (long value : ints.values()) {
                sink.int64(ATTRIBUTE_INTS, value);
            }
            sink.int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INTS);
        } else {
            throw new IllegalArgumentException("unsupported attribute " + attribute);
        }
    }

    private static void tensor(Sink sink, Tensor tensor) throws IOException {
        for (long dim : tensor.dims()) {
            sink.int64(TENSOR_DIMS, dim);
        }
        sink.int64(TENSOR_DATA_TYPE, tensor.type().code());
        sink.string(TENSOR_NAME, tensor.name());
        sink.bytes(TENSOR_RAW_DATA, tensor.rawData());
    }

    private static void valueInfo(Sink sink, ValueInfo info) throws IOException {
        sink.string(VALUE_INFO_NAME, info.name());
        sink.message(VALUE_INFO_TYPE, type -> type.message(TYPE_TENSOR_TYPE, tensorType -> {
            tensorType.int64(TENSOR_TYPE_ELEM_TYPE, info.elemType().code());
            tensorType.message(TENSOR_TYPE_SHAPE, shape -> {
                for (Dim dim : info.shape()) {
                    shape.message(SHAPE_DIM, d -> {
                        if (dim.isParam()) {
                            d.string(DIM_PARAM, dim.param());
                        } else {
                            d.int64(DIM_VALUE, dim.value());
                        }
                    });
                }
            });
        }));
    }

    /** The fields of one message, written into a sink. */
    @FunctionalInterface
    private interface Body {
        void writeTo(Sink sink) throws IOException;
    }

    /** Where fields go: a byte counter or the real encoder. Empty or null strings are skipped by string(). */
    private interface Sink {
        void int64(int field, long value) throws IOException;

        void float32(int field, float value) throws IOException;

        void stringAlways(int field, String value) throws IOException;

        void bytes(int field, byte[] value) throws IOException;

        void message(int field, Body body) throws IOException;

        default void string(int field, String value) throws IOException {
            if (value != null && !value.isEmpty()) {
                stringAlways(field, value);
            }
        }
    }

    private static int lengthOf(Body body) throws IOException {
        Counter counter = new Counter();
        body.writeTo(counter);
        // Protobuf messages are capped at 2 GiB; toIntExact makes a bigger one fail loudly.
        return Math.toIntExact(counter.size);
    }

    private static final class Counter implements Sink {
        private long size;

        @Override
        public void int64(int field, long value) {
            size += CodedOutputStream.computeInt64Size(field, value);
        }

        @Override
        public void float32(int field, float value) {
            size += CodedOutputStream.computeFloatSize(field, value);
        }

        @Override
        public void stringAlways(int field, String value) {
            size += CodedOutputStream.computeStringSize(field, value);
        }

        @Override
        public void bytes(int field, byte[] value) {
            size += CodedOutputStream.computeByteArraySize(field, value);
        }

        @Override
        public void message(int field, Body body) throws IOException {
            int length = lengthOf(body);
            size += CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(length)
                    + (long) length;
        }
    }

    private static final class Emitter implements Sink {
        private final CodedOutputStream out;

        Emitter(CodedOutputStream out) {
            this.out = out;
        }

        @Override
        public void int64(int field, long value) throws IOException {
            out.writeInt64(field, value);
        }

        @Override
        public void float32(int field, float value) throws IOException {
            out.writeFloat(field, value);
        }

        @Override
        public void stringAlways(int field, String value) throws IOException {
            out.writeString(field, value);
        }

        @Override
        public void bytes(int field, byte[] value) throws IOException {
            out.writeByteArray(field, value);
        }

        @Override
        public void message(int field, Body body) throws IOException {
            out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(lengthOf(body));
            body.writeTo(this);
        }
    }
}
