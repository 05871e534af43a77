package com.purepost.dfdetect.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads what can be told of an ONNX file without opening a session: that it parses as a ModelProto
 * with a graph, and its metadata (where a stand-in is marked). Cheap enough for start-up and
 * {@code /health}, so that the session itself can stay lazy.
 */
public final class OnnxFileInspector {

    // Field numbers of onnx.proto's ModelProto and StringStringEntryProto.
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_METADATA_PROPS = 14;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;

    /** What the file says of itself. */
    public record Summary(Map<String, String> metadata) {
        public Summary {
            metadata = Map.copyOf(metadata);
        }
    }

    private OnnxFileInspector() {
    }

    public static Summary inspect(Path file) {
        Map<String, String> metadata = new HashMap<>();
        boolean hasGraph = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CodedInputStream proto = CodedInputStream.newInstance(in);
            proto.setSizeLimit(Integer.MAX_VALUE);
            for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == MODEL_METADATA_PROPS && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    readEntry(proto, metadata);
                } else {
                    hasGraph |= field == MODEL_GRAPH;
                    if (!proto.skipField(tag)) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new ModelUnavailableException(file.getFileName() + " is not a readable ONNX model (" + e.getMessage() + ")", e);
        }
        if (!hasGraph) {
            throw new ModelUnavailableException(file.getFileName() + " is not an ONNX model: it holds no graph");
        }
        return new Summary(metadata);
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
