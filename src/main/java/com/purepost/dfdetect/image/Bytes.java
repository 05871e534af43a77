package com.purepost.dfdetect.image;

/** Reading little- and big-endian integers out of a file's bytes. */
final class Bytes {

    private Bytes() {
    }

    static int u8(byte[] data, int offset) {
        return data[offset] & 0xFF;
    }

    static int u16be(byte[] data, int offset) {
        return (u8(data, offset) << 8) | u8(data, offset + 1);
    }

    static int u16le(byte[] data, int offset) {
        return u8(data, offset) | (u8(data, offset + 1) << 8);
    }

    static int u24le(byte[] data, int offset) {
        return u16le(data, offset) | (u8(data, offset + 2) << 16);
    }

    static long u32be(byte[] data, int offset) {
        return ((long) u16be(data, offset) << 16) | u16be(data, offset + 2);
    }

    static long u32le(byte[] data, int offset) {
        return u16le(data, offset) | ((long) u16le(data, offset + 2) << 16);
    }

    /** True when {@code length} bytes from {@code offset} lie inside the data. */
    static boolean has(byte[] data, long offset, long length) {
        return offset >= 0 && length >= 0 && offset + length <= data.length;
    }
}
