#!/usr/bin/env python3
"""Reference fixtures for dfdetect's image preprocessing: what Pillow 9.4 and numpy make of them.

The model behind dfdetect was trained on

    Image.open(bytes).convert('RGB').resize((224, 224), Image.BILINEAR)
    float32 / 255, minus mean, divided by std, HWC -> CHW

and the Java port must give the same numbers. This tool writes a set of encoded images (every
format, mode and size class the service may receive, with high-frequency content) into an output
directory, and next to each one what Pillow and numpy produce from it:

    NAME.EXT    the encoded image
    NAME.rgb    Pillow's 224x224x3 uint8 array after convert('RGB') and resize, row-major
    NAME.f32    numpy's float32 tensor, 3x224x224 (CHW), little-endian
    NAME.full   Pillow's convert('RGB') before resizing (only for images up to 1 megapixel), to tell
                decoding differences from resizing ones
    manifest.tsv  one line per fixture: name, file, class, format, width, height, Pillow mode,
                  "ok" or "refused", and a note (Pillow's error for refused files)

Usage:
    pillow_reference.py OUTPUT_DIR                  write the fixtures

(Pillow's speed on the same pipeline is measured by tools/bench_images.py, for tools/bench.sh speed.)

Run it with an interpreter that has Pillow 9.4 and numpy (Debian: python3-pil python3-numpy).
Everything is generated from fixed seeds, so two runs give identical files.
"""

import io
import math
import os
import re
import struct
import sys
import time
import warnings
import zlib

import numpy as np
from PIL import Image, ImageDraw, ImageFont

SIZE = 224
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
FULL_RGB_MAX_PIXELS = 1 << 20


# ---------------------------------------------------------------------------------------------
# The pipeline under test
# ---------------------------------------------------------------------------------------------

def pillow_pipeline(data):
    """The original service's preprocessing: returns (opened image, 224x224x3 uint8, CHW float32)."""
    opened = Image.open(io.BytesIO(data))
    rgb = opened.convert("RGB")
    resized = rgb if rgb.size == (SIZE, SIZE) else rgb.resize((SIZE, SIZE), Image.BILINEAR)
    pixels = np.asarray(resized, dtype=np.uint8)
    # float32 throughout: float32 array, float32 constants, as the service computed it
    tensor = (pixels.astype(np.float32) / np.float32(255.0) - MEAN) / STD
    return opened, rgb, pixels, np.ascontiguousarray(tensor.transpose(2, 0, 1))


# ---------------------------------------------------------------------------------------------
# Content: stripes, noise, gradients, text; everything a resampler or decoder could get wrong
# ---------------------------------------------------------------------------------------------

def content(width, height, seed, smooth=False):
    """An RGB uint8 array of the given size with high-frequency detail."""
    rng = np.random.default_rng(seed)
    ramp_x = (np.arange(width, dtype=np.int64) * 255 // max(width - 1, 1)).astype(np.uint8)
    ramp_y = (np.arange(height, dtype=np.int64) * 255 // max(height - 1, 1)).astype(np.uint8)
    img = np.empty((height, width, 3), dtype=np.uint8)
    img[..., 0] = ramp_x[None, :]
    img[..., 1] = ramp_y[:, None]
    img[..., 2] = ramp_x[None, :] // 2 + ramp_y[:, None] // 2
    # one-pixel stripes in both directions, and a checkerboard band
    img[::2, :, 0] ^= 0x80
    img[:, ::3, 1] ^= 0x55
    band = slice(height // 3, max(height // 3 + 1, height // 2))
    img[band, ::2, 2] = 255 - img[band, ::2, 2]
    if not smooth:
        tile = rng.integers(0, 64, size=(min(height, 509), min(width, 509), 3), dtype=np.uint8)
        reps = (math.ceil(height / tile.shape[0]), math.ceil(width / tile.shape[1]), 1)
        img += np.tile(tile, reps)[:height, :width]
    im = Image.fromarray(img, "RGB")
    if width >= 40 and height >= 12:
        draw = ImageDraw.Draw(im)
        font = ImageFont.load_default()
        step = 14
        for i, top in enumerate(range(0, height - 11, max(step, height // 20))):
            draw.text((2 + (i * 7) % 30, top), "PurePost dfdetect 0123456789 Pillow 9.4",
                      fill=(255 - i * 5 % 256, i * 37 % 256, 0), font=font)
    return np.asarray(im)


def rgb(width, height, seed, smooth=False):
    return Image.fromarray(content(width, height, seed, smooth), "RGB")


def grey(width, height, seed):
    return rgb(width, height, seed).convert("L")


def rgba(width, height, seed):
    im = rgb(width, height, seed)
    alpha = np.fromfunction(lambda y, x: (x * 7 + y * 3) % 256, (height, width)).astype(np.uint8)
    alpha[::5] = 0  # fully transparent rows keep their colour: convert('RGB') must not composite
    im.putalpha(Image.fromarray(alpha, "L"))
    return im


def paletted(width, height, seed, colours=256):
    return rgb(width, height, seed).quantize(colors=colours, method=Image.Quantize.MEDIANCUT)


def encode(im, fmt, **options):
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# A small baseline JPEG encoder, for what Pillow's encoder cannot write: 4:4:0 and 4:1:1
# sampling, restart markers, RGB and YCCK colour transforms, Adobe markers
# ---------------------------------------------------------------------------------------------

ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34,
          27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37,
          44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63]


def _standard_huffman_tables():
    """The DC/AC Huffman tables libjpeg writes by default (JPEG Annex K), read back from a file
    Pillow encodes, rather than typed in."""
    data = encode(Image.new("RGB", (16, 16)), "JPEG", quality=75)
    tables = {}
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker == 0xC4:
            seg = data[i + 4:i + 2 + length]
            j = 0
            while j < len(seg):
                tc_th = seg[j]
                counts = list(seg[j + 1:j + 17])
                values = list(seg[j + 17:j + 17 + sum(counts)])
                tables[tc_th] = (counts, values)
                j += 17 + sum(counts)
        if marker == 0xDA:
            break
        i += 2 + length
    return tables


def _huffman_codes(counts, values):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            codes[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class _BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def write(self, value, length):
        self.acc = (self.acc << length) | (value & ((1 << length) - 1))
        self.n += length
        while self.n >= 8:
            self.n -= 8
            byte = (self.acc >> self.n) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)
        self.acc &= (1 << self.n) - 1

    def flush(self):
        if self.n:
            self.write((1 << (8 - self.n)) - 1, 8 - self.n)


def _dct_matrix():
    m = np.zeros((8, 8))
    for u in range(8):
        c = math.sqrt(1 / 8) if u == 0 else math.sqrt(2 / 8)
        for x in range(8):
            m[u, x] = c * math.cos((2 * x + 1) * u * math.pi / 16)
    return m


def _category(v):
    v = abs(int(v))
    return 0 if v == 0 else v.bit_length()


def jpeg_encode(planes, sampling, ids, adobe_transform=None, jfif=False, restart_interval=0,
                quant_scale=1):
    """Baseline JPEG from full-resolution planes (uint8 HxW each); sampling is [(h, v), ...]."""
    height, width = planes[0].shape
    hmax = max(h for h, _ in sampling)
    vmax = max(v for _, v in sampling)
    mcux = math.ceil(width / (8 * hmax))
    mcuy = math.ceil(height / (8 * vmax))
    dct = _dct_matrix()
    luma_q = np.array([max(1, min(255, (2 + (z // 8) + (z % 8)) * quant_scale)) for z in range(64)])
    chroma_q = np.array([max(1, min(255, (3 + (z // 8) + (z % 8)) * 2 * quant_scale)) for z in range(64)])
    qtables = [luma_q, chroma_q]
    huff = _standard_huffman_tables()
    codes = {key: _huffman_codes(*table) for key, table in huff.items()}

    blocks = []  # per component: array [rows, cols, 8, 8] of quantised coefficients
    for plane, (h, v), comp in zip(planes, sampling, range(len(planes))):
        fx, fy = hmax // h, vmax // v
        padded = np.pad(plane.astype(np.float64),
                        ((0, mcuy * 8 * vmax - height), (0, mcux * 8 * hmax - width)), mode="edge")
        small = padded.reshape(padded.shape[0] // fy, fy, padded.shape[1] // fx, fx).mean(axis=(1, 3))
        rows, cols = small.shape[0] // 8, small.shape[1] // 8
        tiles = small.reshape(rows, 8, cols, 8).transpose(0, 2, 1, 3) - 128
        coeffs = np.einsum("ux,rcxy,vy->rcuv", dct, tiles, dct)
        q = qtables[0 if comp == 0 else 1].reshape(8, 8)
        blocks.append(np.round(coeffs / q).astype(np.int32))

    out = bytearray(b"\xff\xd8")

    def segment(marker, payload):
        out.extend(struct.pack(">BBH", 0xFF, marker, len(payload) + 2))
        out.extend(payload)

    if jfif:
        segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    if adobe_transform is not None:
        segment(0xEE, b"Adobe" + struct.pack(">HHHB", 100, 0, 0, adobe_transform))
    for t, q in enumerate(qtables):
        segment(0xDB, bytes([t]) + bytes(int(q[ZIGZAG[z]]) for z in range(64)))
    sof = struct.pack(">BHHB", 8, height, width, len(planes))
    for cid, (h, v), comp in zip(ids, sampling, range(len(planes))):
        sof += struct.pack(">BBB", cid, (h << 4) | v, 0 if comp == 0 else 1)
    segment(0xC0, sof)
    for key in sorted(huff):
        counts, values = huff[key]
        segment(0xC4, bytes([key]) + bytes(counts) + bytes(values))
    if restart_interval:
        segment(0xDD, struct.pack(">H", restart_interval))
    sos = bytes([len(planes)])
    for cid, comp in zip(ids, range(len(planes))):
        table = 0 if comp == 0 else 1
        sos += bytes([cid, (table << 4) | table])
    segment(0xDA, sos + b"\x00\x3f\x00")

    writer = _BitWriter()
    predictors = [0] * len(planes)
    single = len(planes) == 1
    units = ([(r, c) for r in range(math.ceil(height / 8)) for c in range(math.ceil(width / 8))]
             if single else [(r, c) for r in range(mcuy) for c in range(mcux)])
    for n, (r, c) in enumerate(units):
        if restart_interval and n and n % restart_interval == 0:
            writer.flush()
            writer.out.extend(bytes([0xFF, 0xD0 + (n // restart_interval - 1) % 8]))
            predictors = [0] * len(planes)
        for comp, (h, v) in enumerate(sampling):
            table = 0 if comp == 0 else 1
            dc_codes, ac_codes = codes[table], codes[0x10 | table]
            positions = [(r, c)] if single else [(r * v + dv, c * h + dh)
                                                 for dv in range(v) for dh in range(h)]
            for br, bc in positions:
                zz = blocks[comp][br, bc].reshape(64)[ZIGZAG]
                diff = int(zz[0]) - predictors[comp]
                predictors[comp] = int(zz[0])
                cat = _category(diff)
                writer.write(*dc_codes[cat])
                if cat:
                    writer.write(diff if diff > 0 else diff - 1 + (1 << cat), cat)
                run = 0
                for k in range(1, 64):
                    ac = int(zz[k])
                    if ac == 0:
                        run += 1
                        continue
                    while run > 15:
                        writer.write(*ac_codes[0xF0])
                        run -= 16
                    cat = _category(ac)
                    writer.write(*ac_codes[(run << 4) | cat])
                    writer.write(ac if ac > 0 else ac - 1 + (1 << cat), cat)
                    run = 0
                if run:
                    writer.write(*ac_codes[0x00])
    writer.flush()
    out.extend(writer.out)
    out.extend(b"\xff\xd9")
    return bytes(out)


def ycc_planes(array):
    """JFIF RGB -> YCbCr, as an encoder would do it (any rounding will do: we compare decoders)."""
    r, g, b = (array[..., i].astype(np.float64) for i in range(3))
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = -0.168736 * r - 0.331264 * g + 0.5 * b + 128
    cr = 0.5 * r - 0.418688 * g - 0.081312 * b + 128
    return [np.clip(np.round(p), 0, 255).astype(np.uint8) for p in (y, cb, cr)]


def icc_profile_gamma_one():
    """A small but valid RGB matrix/TRC ICC profile far from sRGB (linear, swapped primaries): any
    decoder that applied it would visibly change the pixels. Pillow ignores it."""
    def s15(v):
        return struct.pack(">i", int(round(v * 65536)))

    def xyz(x, y, z):
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    curve = b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", 256)  # gamma 1.0
    desc_text = b"dfdetect test profile\0"
    desc = b"desc" + b"\0" * 4 + struct.pack(">I", len(desc_text)) + desc_text + b"\0" * 12 + b"\0" * 67
    tags = [(b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
            (b"rXYZ", xyz(0.1431, 0.0606, 0.7141)), (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
            (b"bXYZ", xyz(0.4360, 0.2225, 0.0139)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve), (b"cprt", b"text\0\0\0\0none\0")]
    offset = 128 + 4 + 12 * len(tags)
    table, blob = b"", b""
    for sig, data in tags:
        while (offset + len(blob)) % 4:
            blob += b"\0"
        table += sig + struct.pack(">II", offset + len(blob), len(data))
        blob += data
    body = struct.pack(">I", len(tags)) + table + blob
    header = struct.pack(">I4sI4s4s4s", 128 + len(body), b"none", 0x02100000, b"mntr", b"RGB ",
                         b"XYZ ") + b"\0" * 12 + b"acsp" + b"\0" * 24 + s15(0.9642) + s15(1.0) + \
        s15(0.8249) + b"\0" * 48
    return header + body


# ---------------------------------------------------------------------------------------------
# A PNG writer for what Pillow's encoder cannot write: 2- and 4-bit grey, 16-bit colour, Adam7
# interlacing, every filter type, short palettes, several IDAT chunks
# ---------------------------------------------------------------------------------------------

def _png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + \
        struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


def _pack_row(samples, depth):
    """One row of samples (1-D, already interleaved) to bytes."""
    if depth == 16:
        return samples.astype(">u2").tobytes()
    if depth == 8:
        return samples.astype(np.uint8).tobytes()
    per_byte = 8 // depth
    padded = np.zeros(math.ceil(len(samples) / per_byte) * per_byte, dtype=np.uint8)
    padded[:len(samples)] = samples
    shaped = padded.reshape(-1, per_byte)
    shifts = np.array([8 - depth * (i + 1) for i in range(per_byte)], dtype=np.uint8)
    return np.bitwise_or.reduce(shaped << shifts, axis=1).astype(np.uint8).tobytes()


def _filter_rows(rows, bpp, first_filter=0):
    out = bytearray()
    previous = np.zeros(len(rows[0]) if rows else 0, dtype=np.int32)
    for i, raw in enumerate(rows):
        cur = np.frombuffer(raw, dtype=np.uint8).astype(np.int32)
        a = np.concatenate([np.zeros(bpp, dtype=np.int32), cur[:-bpp]]) if len(cur) > bpp else \
            np.zeros(len(cur), dtype=np.int32)
        c = np.concatenate([np.zeros(bpp, dtype=np.int32), previous[:-bpp]]) if len(cur) > bpp else \
            np.zeros(len(cur), dtype=np.int32)
        b = previous
        kind = (first_filter + i) % 5
        if kind == 0:
            f = cur
        elif kind == 1:
            f = cur - a
        elif kind == 2:
            f = cur - b
        elif kind == 3:
            f = cur - (a + b) // 2
        else:
            p = a + b - c
            pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
            pred = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
            f = cur - pred
        out.append(kind)
        out.extend((f & 0xFF).astype(np.uint8).tobytes())
        previous = cur
    return bytes(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def png_encode(samples, color_type, depth, interlace=False, palette=None, trns=None, extra=(),
               idat_parts=1, truncate_rows=None):
    """samples: HxWxC array of sample values (already in range for the bit depth)."""
    height, width = samples.shape[:2]
    channels = CHANNELS[color_type]
    bpp = max(1, channels * depth // 8)
    flat = samples.reshape(height, width * channels)
    if interlace:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            sub = samples[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                rows = [_pack_row(r.reshape(-1), depth) for r in sub]
                raw += _filter_rows(rows, bpp, first_filter=x0 + y0)
    else:
        rows = [_pack_row(r, depth) for r in flat]
        if truncate_rows is not None:
            rows = rows[:truncate_rows]
        raw = _filter_rows(rows, bpp)
    compressed = zlib.compress(raw, 6)
    out = b"\x89PNG\r\n\x1a\n"
    out += _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0,
                                           1 if interlace else 0))
    for kind, payload in extra:
        out += _png_chunk(kind, payload)
    if palette is not None:
        out += _png_chunk(b"PLTE", bytes(palette))
    if trns is not None:
        out += _png_chunk(b"tRNS", bytes(trns))
    step = math.ceil(len(compressed) / idat_parts)
    for i in range(0, len(compressed), step):
        out += _png_chunk(b"IDAT", compressed[i:i + step])
    return out + _png_chunk(b"IEND", b"")


def png_header_only(width, height):
    """A tiny PNG that claims a huge size: the pixel limit must refuse it from the header alone."""
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + \
        _png_chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _png_chunk(b"IEND", b"")


# ---------------------------------------------------------------------------------------------
# GIF: Pillow writes the streams; a few header edits give frames smaller or larger than the
# logical screen
# ---------------------------------------------------------------------------------------------

def gif_descriptor_offset(data):
    """Offset of the first image descriptor (the ',' byte)."""
    flags = data[10]
    i = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while data[i] != 0x2C:
        if data[i] == 0x21:
            i += 2
            while data[i]:
                i += data[i] + 1
            i += 1
        else:
            raise ValueError("unexpected GIF block")
    return i


def gif_with_screen(data, screen_w, screen_h, left, top):
    out = bytearray(data)
    struct.pack_into("<HH", out, 6, screen_w, screen_h)
    struct.pack_into("<HH", out, gif_descriptor_offset(data) + 1, left, top)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# BMP writer: every header size, bit depth, bit-field layout and both RLE compressions
# ---------------------------------------------------------------------------------------------

def _bmp_rows(pixel_rows, bits):
    """Rows padded to 4 bytes; rows of indices are packed first when pixels are under a byte."""
    out = []
    for row in pixel_rows:
        raw = _pack_row(np.asarray(row), bits) if bits < 8 else bytes(row)
        out.append(raw + b"\0" * ((-len(raw)) % 4))
    return out


def bmp_encode(width, height, bits, pixel_bytes_rows, header_size=40, palette=None,
               compression=0, masks=None, top_down=False, rle_data=None):
    """pixel_bytes_rows: rows top to bottom, each already in the file's pixel layout (bytes), or
    index arrays for bits < 8; rle_data replaces the pixel array when given."""
    if rle_data is not None:
        pixels = rle_data
    else:
        rows = _bmp_rows(pixel_bytes_rows, bits)
        pixels = b"".join(rows if top_down else rows[::-1])
    pal = b""
    if palette is not None:
        entry = 3 if header_size == 12 else 4
        pal = b"".join(bytes([b, g, r]) + (b"\0" if entry == 4 else b"") for r, g, b in palette)
    if header_size == 12:
        dib = struct.pack("<IHHHH", 12, width, height, 1, bits)
    else:
        dib = struct.pack("<IiiHHIIiiII", header_size, width, -height if top_down else height, 1,
                          bits, compression, len(pixels), 2835, 2835,
                          len(palette) if palette is not None else 0, 0)
        extra = b""
        if masks is not None and header_size == 40:
            extra = struct.pack("<III", *masks[:3])
        elif header_size > 40:
            m = masks or (0, 0, 0, 0)
            dib += struct.pack("<IIII", *m)
            dib += b"\0" * (header_size - len(dib))
        dib += extra
    offset = 14 + len(dib) + len(pal)
    head = b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset)
    return head + dib + pal + pixels


def rle_encode(index_rows, rle4, with_delta=False):
    """Bottom-up RLE8/RLE4 with encoded and absolute runs, end-of-line and end-of-bitmap codes."""
    out = bytearray()
    rows = index_rows[::-1]
    for y, row in enumerate(rows):
        row = [int(v) for v in row]
        x = 0
        if with_delta and y == 1:
            out += bytes([0, 2, 3, 1])  # skip 3 right, 1 up: those pixels stay index 0
            continue
        while x < len(row):
            run = 1
            limit = 255
            if rle4:
                while x + run < len(row) and run < limit and row[x + run] == row[x + (run % 2)]:
                    run += 1
            else:
                while x + run < len(row) and run < limit and row[x + run] == row[x]:
                    run += 1
            shortest_absolute = 4 if rle4 else 3  # absolute runs of 0, 1 or 2 are escape codes
            if run >= 3 or len(row) - x < shortest_absolute:
                if rle4:
                    out += bytes([run, (row[x] << 4) | (row[x + 1] if run > 1 else 0)])
                else:
                    out += bytes([run, row[x]])
                x += run
            else:
                n = min(len(row) - x, 40)
                if rle4:
                    n -= n % 2  # whole bytes only: Pillow reads count // 2 bytes
                chunk = row[x:x + n]
                if rle4:
                    payload = bytes((chunk[i] << 4) | chunk[i + 1] for i in range(0, n, 2))
                else:
                    payload = bytes(chunk)
                out += bytes([0, n]) + payload
                if len(out) % 2:
                    out += b"\0"
                x += n
        out += b"\0\0"
    out += b"\0\1"
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# The fixture set
# ---------------------------------------------------------------------------------------------

def fixtures():
    """Yields (name, class, format extension, encoded bytes)."""
    # --- JPEG through Pillow's encoder (libjpeg-turbo)
    for w, h in [(640, 480), (333, 251)]:
        im = rgb(w, h, 1)
        for sub, label in [(2, "420"), (1, "422"), (0, "444")]:
            yield f"jpeg_{label}_{w}x{h}", "jpeg-sampling", "jpg", encode(im, "JPEG", quality=90, subsampling=sub)
    base = rgb(517, 389, 2)
    yield "jpeg_progressive_420", "jpeg-progressive", "jpg", encode(base, "JPEG", quality=85, progressive=True)
    yield "jpeg_progressive_444", "jpeg-progressive", "jpg", encode(base, "JPEG", quality=95, progressive=True, subsampling=0)
    yield "jpeg_q20", "jpeg-quality", "jpg", encode(base, "JPEG", quality=20)
    yield "jpeg_q100", "jpeg-quality", "jpg", encode(base, "JPEG", quality=100, subsampling=0)
    yield "jpeg_optimized", "jpeg-quality", "jpg", encode(base, "JPEG", quality=80, optimize=True)
    yield "jpeg_icc_profile", "jpeg-icc", "jpg", encode(base, "JPEG", quality=90, icc_profile=icc_profile_gamma_one())
    yield "jpeg_exif_rotated", "jpeg-icc", "jpg", encode(base, "JPEG", quality=90, exif=_exif_orientation(6))
    yield "jpeg_grey", "jpeg-grey", "jpg", encode(grey(401, 299, 3), "JPEG", quality=90)
    yield "jpeg_grey_progressive", "jpeg-grey", "jpg", encode(grey(401, 299, 3), "JPEG", quality=90, progressive=True)
    cmyk = Image.fromarray(np.dstack([content(300, 200, 4), content(300, 200, 5)[..., :1]]), "CMYK")
    yield "jpeg_cmyk_adobe", "jpeg-cmyk", "jpg", encode(cmyk, "JPEG", quality=90)
    yield "jpeg_cmyk_progressive", "jpeg-cmyk", "jpg", encode(cmyk, "JPEG", quality=90, progressive=True)
    # --- JPEG through the encoder above
    arr = content(347, 213, 6)
    ycc = ycc_planes(arr)
    yield "jpeg_440", "jpeg-sampling", "jpg", jpeg_encode(ycc, [(1, 2), (1, 1), (1, 1)], [1, 2, 3], jfif=True)
    yield "jpeg_411", "jpeg-sampling", "jpg", jpeg_encode(ycc, [(4, 1), (1, 1), (1, 1)], [1, 2, 3], jfif=True)
    yield "jpeg_420_restart", "jpeg-restart", "jpg", jpeg_encode(ycc, [(2, 2), (1, 1), (1, 1)], [1, 2, 3], jfif=True, restart_interval=3)
    yield "jpeg_444_restart", "jpeg-restart", "jpg", jpeg_encode(ycc, [(1, 1), (1, 1), (1, 1)], [1, 2, 3], restart_interval=1)
    yield "jpeg_grey_restart", "jpeg-restart", "jpg", jpeg_encode(ycc[:1], [(1, 1)], [1], restart_interval=7)
    planes_rgb = [arr[..., i] for i in range(3)]
    yield "jpeg_rgb_adobe", "jpeg-colour-transform", "jpg", jpeg_encode(planes_rgb, [(1, 1)] * 3, [1, 2, 3], adobe_transform=0)
    yield "jpeg_rgb_ids", "jpeg-colour-transform", "jpg", jpeg_encode(planes_rgb, [(1, 1)] * 3, [ord("R"), ord("G"), ord("B")])
    cmyk_arr = np.dstack([content(347, 213, 7), content(347, 213, 8)[..., :1]])
    inverted = 255 - cmyk_arr
    y, cb, cr = ycc_planes(inverted[..., :3])
    yield "jpeg_ycck", "jpeg-cmyk", "jpg", jpeg_encode([y, cb, cr, cmyk_arr[..., 3]], [(2, 2), (1, 1), (1, 1), (2, 2)], [1, 2, 3, 4], adobe_transform=2)
    yield "jpeg_cmyk_no_adobe", "jpeg-cmyk", "jpg", jpeg_encode([cmyk_arr[..., i] for i in range(4)], [(1, 1)] * 4, [1, 2, 3, 4])
    # --- PNG through Pillow's encoder
    yield "png_rgb", "png-8bit", "png", encode(rgb(640, 480, 10), "PNG")
    yield "png_rgba", "png-8bit", "png", encode(rgba(301, 257, 11), "PNG")
    yield "png_l", "png-8bit", "png", encode(grey(257, 301, 12), "PNG")
    yield "png_la", "png-8bit", "png", encode(rgba(199, 151, 13).convert("LA"), "PNG")
    yield "png_1bit", "png-lowbit", "png", encode(grey(203, 117, 14).convert("1"), "PNG")
    pal = paletted(311, 203, 15)
    yield "png_p", "png-palette", "png", encode(pal, "PNG")
    yield "png_p_transparent_index", "png-palette", "png", encode(pal, "PNG", transparency=3)
    yield "png_p_alpha_table", "png-palette", "png", encode(pal, "PNG", transparency=bytes(range(0, 256, 2)))
    yield "png_p_4bit", "png-palette", "png", encode(paletted(211, 97, 16, colours=16), "PNG", bits=4)
    yield "png_p_2bit", "png-palette", "png", encode(paletted(97, 211, 17, colours=4), "PNG", bits=2)
    yield "png_p_1bit", "png-palette", "png", encode(paletted(129, 65, 18, colours=2), "PNG", bits=1)
    i16 = (content(233, 177, 19)[..., 0].astype(np.int32) * 257 // 3).astype(np.uint16)
    i16[:, ::4] = np.arange(177, dtype=np.uint16)[:, None] % 300  # values around the 255 clip
    yield "png_i16_pillow", "png-16bit", "png", encode(Image.fromarray(i16, "I;16"), "PNG")
    yield "png_rgb_icc", "png-8bit", "png", encode(rgb(250, 250, 20), "PNG", icc_profile=icc_profile_gamma_one())
    # --- PNG through the writer above
    a = content(129, 67, 21)
    yield "png_l2", "png-lowbit", "png", png_encode(a[..., :1] >> 6, 0, 2)
    yield "png_l4", "png-lowbit", "png", png_encode(a[..., :1] >> 4, 0, 4)
    yield "png_l4_interlaced", "png-interlaced", "png", png_encode(a[..., :1] >> 4, 0, 4, interlace=True)
    wide = content(97, 61, 22).astype(np.uint16) * 257 + np.arange(97, dtype=np.uint16)[None, :, None]
    yield "png_rgb16", "png-16bit", "png", png_encode(wide, 2, 16)
    yield "png_rgba16", "png-16bit", "png", png_encode(np.dstack([wide, wide[..., :1] ^ 0x5A5A]), 6, 16)
    yield "png_la16", "png-16bit", "png", png_encode(np.dstack([wide[..., :1], wide[..., 1:2]]), 4, 16)
    yield "png_l16_interlaced", "png-16bit", "png", png_encode(wide[..., :1] // 200, 0, 16, interlace=True)
    yield "png_rgb_interlaced", "png-interlaced", "png", png_encode(content(231, 119, 23), 2, 8, interlace=True)
    yield "png_rgba_interlaced_tiny", "png-interlaced", "png", png_encode(np.dstack([content(5, 3, 24), content(5, 3, 25)[..., :1]]), 6, 8, interlace=True)
    idx = (content(143, 71, 26)[..., :1] % 13).astype(np.uint8)
    short_palette = [(i * 40 % 256, 255 - i * 17, i * 91 % 256) for i in range(7)]  # indices 7..12 use Pillow's default grey ramp
    yield "png_p_short_palette", "png-palette", "png", png_encode(idx, 3, 8, palette=[c for rgbc in short_palette for c in rgbc])
    yield "png_p_interlaced_2bit", "png-interlaced", "png", png_encode(idx % 4, 3, 2, interlace=True, palette=[c for rgbc in short_palette[:4] for c in rgbc])
    yield "png_rgb_trns_gamma_split_idat", "png-8bit", "png", png_encode(content(150, 90, 27), 2, 8, trns=b"\0\x10\0\x20\0\x30", extra=[(b"gAMA", struct.pack(">I", 100000)), (b"sRGB", b"\0")], idat_parts=7)
    yield "png_stream_ends_early", "png-8bit", "png", png_encode(content(64, 40, 28), 2, 8, truncate_rows=25)
    apng = [rgb(120, 80, 29 + i) for i in range(3)]
    yield "png_animated", "png-8bit", "png", encode(apng[0], "PNG", save_all=True, append_images=apng[1:])
    # --- GIF
    gif_src = paletted(257, 181, 30)
    plain = encode(gif_src, "GIF", interlace=0)
    yield "gif_plain", "gif", "gif", plain
    yield "gif_interlaced", "gif", "gif", encode(gif_src, "GIF", interlace=1)
    yield "gif_transparent", "gif", "gif", encode(gif_src, "GIF", transparency=5)
    yield "gif_grey_ramp_palette", "gif", "gif", encode(grey(120, 90, 31), "GIF")
    yield "gif_frame_inside_screen", "gif", "gif", gif_with_screen(encode(paletted(100, 60, 32), "GIF", transparency=2), 140, 90, 17, 11)
    yield "gif_frame_inside_screen_opaque", "gif", "gif", gif_with_screen(encode(paletted(100, 60, 33), "GIF"), 140, 90, 30, 5)
    yield "gif_frame_beyond_screen", "gif", "gif", gif_with_screen(encode(paletted(100, 60, 34), "GIF"), 80, 50, 9, 4)
    frames = [paletted(160, 120, 35 + i, colours=64) for i in range(3)]
    yield "gif_animated", "gif", "gif", encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    # --- BMP
    yield "bmp_rgb24", "bmp", "bmp", encode(rgb(203, 101, 40), "BMP")
    yield "bmp_p8", "bmp", "bmp", encode(paletted(151, 77, 41), "BMP")
    yield "bmp_l8", "bmp", "bmp", encode(grey(97, 53, 42), "BMP")
    yield "bmp_1bit", "bmp", "bmp", encode(grey(131, 67, 43).convert("1"), "BMP")
    yield from bmp_fixtures()
    # --- WebP (libwebp through Pillow)
    yield "webp_lossy", "webp", "webp", encode(rgb(400, 300, 50), "WEBP", quality=80)
    yield "webp_lossy_odd", "webp", "webp", encode(rgb(333, 251, 51), "WEBP", quality=95)
    yield "webp_lossless", "webp", "webp", encode(rgb(301, 203, 52), "WEBP", lossless=True)
    yield "webp_lossy_alpha", "webp", "webp", encode(rgba(257, 199, 53), "WEBP", quality=80)
    yield "webp_lossless_alpha", "webp", "webp", encode(rgba(199, 257, 54), "WEBP", lossless=True)
    yield "webp_tiny", "webp", "webp", encode(rgb(3, 5, 55), "WEBP", quality=90)
    anim = [rgb(180, 120, 56 + i) for i in range(3)]
    yield "webp_animated", "webp", "webp", encode(anim[0], "WEBP", save_all=True, append_images=anim[1:], duration=80, quality=80)
    yield "webp_icc", "webp", "webp", encode(rgb(250, 170, 59), "WEBP", quality=85, icc_profile=icc_profile_gamma_one())
    # --- sizes: no resize, one pass only, upscaling, tiny, extreme aspect ratios, large
    yield "size_exact_224", "size-exact", "png", encode(rgb(224, 224, 60), "PNG")
    yield "size_exact_224_jpeg", "size-exact", "jpg", encode(rgb(224, 224, 61), "JPEG", quality=92)
    yield "size_224_wide_only", "size-one-pass", "png", encode(rgb(224, 517, 62), "PNG")
    yield "size_224_high_only", "size-one-pass", "png", encode(rgb(519, 224, 63), "PNG")
    yield "size_1x1", "size-tiny", "png", encode(rgb(1, 1, 64), "PNG")
    yield "size_1x1_jpeg", "size-tiny", "jpg", encode(rgb(1, 1, 65), "JPEG")
    yield "size_2x3", "size-tiny", "png", encode(rgb(2, 3, 66), "PNG")
    yield "size_7x5_jpeg", "size-tiny", "jpg", encode(rgb(7, 5, 67), "JPEG", quality=90)
    yield "size_upscale_100x57", "size-upscale", "png", encode(rgb(100, 57, 68), "PNG")
    yield "size_upscale_223x225", "size-upscale", "jpg", encode(rgb(223, 225, 69), "JPEG", quality=90)
    yield "size_8000x3", "size-extreme", "png", encode(rgb(8000, 3, 70), "PNG")
    yield "size_3x8000", "size-extreme", "png", encode(rgb(3, 8000, 71), "PNG")
    yield "size_8000x1_jpeg", "size-extreme", "jpg", encode(rgb(8000, 1, 72), "JPEG", quality=90)
    yield "size_1x8000_jpeg", "size-extreme", "jpg", encode(rgb(1, 8000, 73), "JPEG", quality=90)
    yield "size_4032x3024_jpeg", "size-large", "jpg", encode(rgb(4032, 3024, 74), "JPEG", quality=90)
    yield "size_1920x1080_jpeg", "size-large", "jpg", encode(rgb(1920, 1080, 75), "JPEG", quality=90)
    yield "size_8000x8000_jpeg", "size-large", "jpg", encode(rgb(8000, 8000, 76, smooth=True), "JPEG", quality=75)
    yield "size_5000x4000_png", "size-large", "png", encode(rgb(5000, 4000, 77, smooth=True), "PNG", compress_level=1)
    # --- refused by Pillow, so refused by us
    good_jpeg = encode(base, "JPEG", quality=90)
    good_png = encode(rgb(200, 150, 80), "PNG")
    yield "refused_truncated_jpeg", "refused", "jpg", good_jpeg[:len(good_jpeg) // 2]
    yield "refused_truncated_progressive_jpeg", "refused", "jpg", encode(base, "JPEG", progressive=True)[:-300]
    yield "refused_truncated_png", "refused", "png", good_png[:len(good_png) // 2]
    yield "refused_png_stream_empty", "refused", "png", png_encode(content(64, 40, 28), 2, 8, truncate_rows=0)
    yield "refused_png_bad_header_crc", "refused", "png", good_png[:29] + bytes([good_png[29] ^ 1]) + good_png[30:]
    yield "refused_truncated_gif", "refused", "gif", plain[:len(plain) // 2]
    yield "refused_png_bomb_header", "refused", "png", png_header_only(50000, 50000)
    yield "refused_text", "refused", "txt", b"just some text, not an image\n"
    yield "refused_html", "refused", "html", b"<!DOCTYPE html><html><body>not an image</body></html>"
    yield "refused_pdf", "refused", "pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
    yield "refused_empty", "refused", "bin", b""


def _exif_orientation(value):
    """An EXIF block that says 'rotate 90 degrees': Pillow does not apply it, nor must we."""
    ifd = struct.pack("<H", 1) + struct.pack("<HHII", 0x0112, 3, 1, value) + struct.pack("<I", 0)
    return b"Exif\0\0" + b"II*\0" + struct.pack("<I", 8) + ifd


def bmp_fixtures():
    w, h = 61, 37
    arr = content(w, h, 44)
    bgr_rows = [row[:, ::-1].tobytes() for row in arr]
    yield "bmp_rgb24_top_down", "bmp", "bmp", bmp_encode(w, h, 24, bgr_rows, top_down=True)
    bgrx_rows = [np.dstack([row[None, :, ::-1], np.full((1, w, 1), 0x77, np.uint8)]).tobytes() for row in arr]
    yield "bmp_bgrx32", "bmp", "bmp", bmp_encode(w, h, 32, bgrx_rows)
    yield "bmp_bgra32_v4", "bmp", "bmp", bmp_encode(w, h, 32, bgrx_rows, header_size=108, compression=3, masks=(0xFF0000, 0xFF00, 0xFF, 0xFF000000))
    rgba_rows = [np.dstack([row[None], np.full((1, w, 1), 9, np.uint8)]).tobytes() for row in arr]
    yield "bmp_rgba32_v5", "bmp", "bmp", bmp_encode(w, h, 32, rgba_rows, header_size=124, compression=3, masks=(0xFF, 0xFF00, 0xFF0000, 0xFF000000))
    r5, g5, b5 = (arr[..., 0] >> 3).astype(np.uint16), (arr[..., 1] >> 3).astype(np.uint16), (arr[..., 2] >> 3).astype(np.uint16)
    g6 = (arr[..., 1] >> 2).astype(np.uint16)
    yield "bmp_555", "bmp", "bmp", bmp_encode(w, h, 16, [((r5 << 10) | (g5 << 5) | b5)[y].astype("<u2").tobytes() for y in range(h)])
    yield "bmp_565_bitfields", "bmp", "bmp", bmp_encode(w, h, 16, [((r5 << 11) | (g6 << 5) | b5)[y].astype("<u2").tobytes() for y in range(h)], compression=3, masks=(0xF800, 0x7E0, 0x1F))
    palette16 = [(i * 16, 255 - i * 13, (i * 71) % 256) for i in range(16)]
    idx4 = (arr[..., 0] % 16).astype(np.uint8)
    yield "bmp_p4", "bmp", "bmp", bmp_encode(w, h, 4, list(idx4), palette=palette16)
    yield "bmp_p4_os2", "bmp", "bmp", bmp_encode(w, h, 4, list(idx4), header_size=12, palette=palette16)
    palette256 = [((i * 7) % 256, (i * 13) % 256, 255 - i) for i in range(256)]
    idx8 = arr[..., 1].copy()
    yield "bmp_p8_rle8", "bmp", "bmp", bmp_encode(w, h, 8, None, palette=palette256, compression=1, rle_data=rle_encode(_runs(idx8), False))
    yield "bmp_p8_rle8_delta", "bmp", "bmp", bmp_encode(w, h, 8, None, palette=palette256, compression=1, rle_data=rle_encode(_runs(idx8), False, with_delta=True))
    yield "bmp_p4_rle4", "bmp", "bmp", bmp_encode(w, h, 4, None, palette=palette16, compression=2, rle_data=rle_encode(_runs(idx4), True))


def _runs(index):
    """Make part of each row repeat, so that RLE uses both encoded and absolute runs."""
    out = index.copy()
    out[:, 10:30] = out[:, 10:11]
    return list(out)


# ---------------------------------------------------------------------------------------------
# Writing the references
# ---------------------------------------------------------------------------------------------

def write_all(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    lines = ["name\tfile\tclass\tformat\twidth\theight\tmode\tstatus\tnote"]
    seen = set()
    for name, kind, ext, data in fixtures():
        assert name not in seen, name
        seen.add(name)
        file_name = f"{name}.{ext}"
        with open(os.path.join(out_dir, file_name), "wb") as f:
            f.write(data)
        try:
            opened, full, pixels, tensor = pillow_pipeline(data)
        except Exception as e:  # Pillow refuses: so must we
            note = re.sub(r" at 0x[0-9a-f]+", "", f"{type(e).__name__}: {e}")  # no addresses: runs compare equal
            lines.append("\t".join([name, file_name, kind, "-", "0", "0", "-", "refused",
                                    note.replace("\t", " ").replace("\n", " ")]))
            continue
        assert pixels.shape == (SIZE, SIZE, 3) and tensor.shape == (3, SIZE, SIZE)
        with open(os.path.join(out_dir, name + ".rgb"), "wb") as f:
            f.write(pixels.tobytes())
        with open(os.path.join(out_dir, name + ".f32"), "wb") as f:
            f.write(tensor.astype("<f4").tobytes())
        width, height = opened.size
        if width * height <= FULL_RGB_MAX_PIXELS:
            with open(os.path.join(out_dir, name + ".full"), "wb") as f:
                f.write(np.asarray(full, dtype=np.uint8).tobytes())
        lines.append("\t".join([name, file_name, kind, opened.format, str(width), str(height),
                                opened.mode, "ok", ""]))
    with open(os.path.join(out_dir, "manifest.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines) - 1


def main(argv):
    if len(argv) != 1 or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    # Pillow warns about palette transparency given as bytes; the conversion it warns about is the
    # one under test, so the warning is noise here
    warnings.simplefilter("ignore")
    started = time.perf_counter()
    count = write_all(argv[0])
    print(f"{count} fixtures written to {argv[0]} in {time.perf_counter() - started:.1f} s "
          f"(Pillow {Image.__version__}, numpy {np.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
