#!/usr/bin/env python3
"""Seed inputs for dfdetect's fuzz tests: tiny valid images of every format and variant, and
multipart bodies as PurePost and other clients send them.

The fuzzer mutates these toward the decoders' corners, so each variant a decoder has a code path
for gets one seed: JPEG baseline, progressive, greyscale, CMYK, subsampled, with restart markers;
PNG of every colour type and bit depth, interlaced, with a palette and transparency, animated;
GIF still, interlaced, transparent, animated; BMP of 1, 4, 8, 16, 24 and 32 bits, run-length coded,
top-down; WebP lossy, lossless, with alpha, animated.

Usage:
    fuzz_seeds.py src/test/resources     writes <fuzz test class>Inputs/<fuzz test method>/seed-<variant>

Run it with an interpreter that has Pillow 9.4 (Debian: python3-pil). Everything is generated from
fixed seeds, so two runs give identical files. Images are 8 to 24 pixels a side: small inputs keep
every execution of the fuzzer short.
"""

import io
import os
import random
import struct
import sys

from PIL import Image


def picture(mode, width, height, seed):
    """Noise with a gradient: each row and column differs, so a wrong decode shows."""
    rng = random.Random(seed)
    rgba = Image.new("RGBA", (width, height))
    rgba.putdata([((x * 255) // max(1, width - 1), (y * 255) // max(1, height - 1), rng.randrange(256),
                   rng.choice((0, 128, 255)))
                  for y in range(height) for x in range(width)])
    if mode == "RGBA":
        return rgba
    if mode == "P":
        return rgba.convert("RGB").quantize(colors=16, method=Image.MEDIANCUT)
    return rgba.convert(mode)


def encoded(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg_seeds():
    rgb = picture("RGB", 24, 16, 1)
    return {
        "baseline.jpg": encoded(rgb, "JPEG", quality=75),
        "progressive.jpg": encoded(rgb, "JPEG", quality=75, progressive=True),
        "grey.jpg": encoded(picture("L", 16, 16, 2), "JPEG"),
        "cmyk.jpg": encoded(picture("CMYK", 16, 8, 3), "JPEG"),
        "subsampled-420.jpg": encoded(rgb, "JPEG", subsampling=2),
        "unsubsampled-444.jpg": encoded(rgb, "JPEG", subsampling=0, quality=95),
        "restart-markers.jpg": restart_markers(encoded(rgb, "JPEG", quality=60)),
        "with-exif.jpg": encoded(rgb, "JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00"),
        "one-pixel.jpg": encoded(picture("RGB", 1, 1, 4), "JPEG"),
    }


def restart_markers(jpeg):
    """Re-encodes nothing: inserts a DRI segment so the decoder expects restart markers (it will warn)."""
    dri = b"\xff\xdd\x00\x04\x00\x01"
    return jpeg[:2] + dri + jpeg[2:]


def png_seeds():
    seeds = {
        "rgb.png": encoded(picture("RGB", 12, 9, 5), "PNG"),
        "rgba.png": encoded(picture("RGBA", 12, 9, 6), "PNG"),
        "grey.png": encoded(picture("L", 12, 9, 7), "PNG"),
        "grey-alpha.png": encoded(picture("LA", 12, 9, 8), "PNG"),
        "palette.png": encoded(picture("P", 12, 9, 9), "PNG"),
        "palette-transparent.png": encoded(picture("P", 12, 9, 10), "PNG", transparency=3),
        "one-bit.png": encoded(picture("1", 13, 9, 11), "PNG"),
        "grey-16-bit.png": encoded(picture("L", 10, 6, 12).convert("I"), "PNG"),
        "interlaced.png": raw_png(10, 9, 8, 2, interlace=1, seed=13),
        "rgb-16-bit.png": raw_png(6, 5, 16, 2, interlace=0, seed=14),
        "grey-2-bit.png": raw_png(9, 7, 2, 0, interlace=0, seed=15),
        "grey-4-bit-interlaced.png": raw_png(9, 7, 4, 0, interlace=1, seed=16),
        "rgb-transparent-colour.png": encoded(picture("RGB", 8, 8, 17), "PNG", transparency=(0, 0, 0)),
    }
    frames = [picture("RGBA", 8, 8, 18 + i) for i in range(3)]
    seeds["animated.png"] = encoded(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=50)
    return seeds


def raw_png(width, height, depth, colour_type, interlace, seed):
    """A PNG written chunk by chunk, for depths and interlacing Pillow does not write, rows filtered in turn."""
    rng = random.Random(seed)
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    bits = channels * depth

    def rows(w, h):
        out = bytearray()
        for y in range(h):
            out.append(y % 5)  # every filter type: None, Sub, Up, Average, Paeth
            out.extend(rng.randrange(256) for _ in range((w * bits + 7) // 8))
        return bytes(out)

    if interlace:
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        data = b"".join(rows((width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy)
                        for x0, y0, dx, dy in passes if width > x0 and height > y0)
    else:
        data = rows(width, height)
    import zlib
    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, interlace)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(data)) + chunk(b"IEND", b"")


def chunk(kind, body):
    import zlib
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def gif_seeds():
    frames = [picture("P", 10, 8, 20 + i) for i in range(3)]
    return {
        "still.gif": encoded(picture("P", 12, 10, 19), "GIF"),
        "interlaced.gif": encoded(picture("P", 12, 10, 23), "GIF", interlace=True),
        "transparent.gif": encoded(picture("P", 12, 10, 24), "GIF", transparency=2),
        "animated.gif": encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=40, loop=0),
        "grey.gif": encoded(picture("L", 9, 9, 25), "GIF"),
    }


def bmp_seeds():
    return {
        "one-bit.bmp": encoded(picture("1", 13, 7, 26), "BMP"),
        "eight-bit-grey.bmp": encoded(picture("L", 9, 7, 27), "BMP"),
        "palette.bmp": encoded(picture("P", 9, 7, 28), "BMP"),
        "rgb.bmp": encoded(picture("RGB", 9, 7, 29), "BMP"),
        "four-bit.bmp": raw_bmp(9, 6, 4, seed=30),
        "rle8.bmp": rle_bmp(10, 6, 8, seed=31),
        "rle4.bmp": rle_bmp(10, 6, 4, seed=32),
        "top-down.bmp": raw_bmp(7, -5, 24, seed=33),
        "rgb565.bmp": bitfields_bmp(8, 5, 16, (0xF800, 0x07E0, 0x001F, 0), seed=34),
        "rgba-32-bit.bmp": bitfields_bmp(6, 4, 32, (0xFF0000, 0xFF00, 0xFF, 0xFF000000), seed=35),
    }


def bmp_file(width, height, bits, compression, palette, pixels, masks=None):
    """A BITMAPINFOHEADER file, or with masks a BITMAPV4HEADER one (masks, sRGB, no endpoints or gamma)."""
    header_size = 40 if masks is None else 108
    info = struct.pack("<IiiHHIIiiII", header_size, width, height, 1, bits, compression, len(pixels), 2835, 2835,
                       len(palette) // 4, 0)
    if masks is not None:
        info += struct.pack("<IIII", *masks) + b"BGRs" + bytes(36 + 12)
    offset = 14 + len(info) + len(palette)
    return b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + info + palette + pixels


def grey_palette(entries):
    return b"".join(bytes((i * 255 // (entries - 1),) * 3 + (0,)) for i in range(entries))


def raw_bmp(width, height, bits, seed):
    rng = random.Random(seed)
    stride = ((width * bits + 31) // 32) * 4
    pixels = bytes(rng.randrange(256) for _ in range(stride * abs(height)))
    palette = grey_palette(1 << bits) if bits <= 8 else b""
    return bmp_file(width, height, bits, 0, palette, pixels)


def rle_bmp(width, height, bits, seed):
    """Run-length coded rows: encoded runs, an absolute run, a delta jump, end of line, end of bitmap."""
    rng = random.Random(seed)
    out = bytearray()
    for y in range(height):
        if y == 2:
            out += bytes((0, 2, 3, 1))  # delta: 3 right, 1 down
            continue
        out += bytes((4, rng.randrange(16)))
        out += bytes((0, 4)) + bytes(rng.randrange(16) for _ in range(2 if bits == 4 else 4))
        out += bytes((2, rng.randrange(16), 0, 0))
    out += bytes((0, 1))
    compression = 1 if bits == 8 else 2
    return bmp_file(width, height, bits, compression, grey_palette(16 if bits == 4 else 256), bytes(out))


def bitfields_bmp(width, height, bits, masks, seed):
    rng = random.Random(seed)
    stride = ((width * bits + 31) // 32) * 4
    pixels = bytes(rng.randrange(256) for _ in range(stride * height))
    return bmp_file(width, height, bits, 3, b"", pixels, masks=masks)


def webp_seeds():
    frames = [picture("RGBA", 8, 8, 40 + i) for i in range(3)]
    return {
        "lossy.webp": encoded(picture("RGB", 16, 12, 36), "WEBP", quality=70),
        "lossless.webp": encoded(picture("RGB", 16, 12, 37), "WEBP", lossless=True),
        "lossy-alpha.webp": encoded(picture("RGBA", 16, 12, 38), "WEBP", quality=70),
        "lossless-alpha.webp": encoded(picture("RGBA", 12, 12, 39), "WEBP", lossless=True),
        "animated.webp": encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=40),
    }


# The boundary MultipartFormDataFuzzTest reads its inputs with.
BOUNDARY = b"fuzz-boundary"


def multipart_seeds():
    image = encoded(picture("RGB", 8, 8, 50), "JPEG")

    def part(name, body, filename=None, content_type=None, extra=b""):
        disposition = b'Content-Disposition: form-data; name="' + name + b'"'
        if filename is not None:
            disposition += b'; filename="' + filename + b'"'
        headers = disposition + b"\r\n" + (b"Content-Type: " + content_type + b"\r\n" if content_type else b"") + extra
        return b"--" + BOUNDARY + b"\r\n" + headers + b"\r\n" + body + b"\r\n"

    close = b"--" + BOUNDARY + b"--\r\n"
    return {
        "purepost-form": part(b"file", image, b"image.jpg", b"image/jpeg") + close,
        "preamble-fields-epilogue-form": b"preamble\r\n" + part(b"caption", b"a field") + b"\r\n"
        + part(b"file", image, b"x.png", b"image/png", b"X-Extra: 1\r\n") + close + b"epilogue",
        "padding-and-case-form": b"--" + BOUNDARY + b" \t\r\ncontent-disposition: form-data; NAME=file\r\n\r\n"
        + image + b"\r\n" + close,
        "empty-part-form": part(b"file", b"", b"image.jpg") + close,
    }


# Where each fuzz test's seeds go: its class's inputs directory, its method.
SEEDS = {
    ("com/purepost/dfdetect/image/PreprocessorFuzzTestInputs", "decodesOrRefusesJpegLikeBytes"): jpeg_seeds,
    ("com/purepost/dfdetect/image/PreprocessorFuzzTestInputs", "decodesOrRefusesPngLikeBytes"): png_seeds,
    ("com/purepost/dfdetect/image/PreprocessorFuzzTestInputs", "decodesOrRefusesGifLikeBytes"): gif_seeds,
    ("com/purepost/dfdetect/image/PreprocessorFuzzTestInputs", "decodesOrRefusesBmpLikeBytes"): bmp_seeds,
    ("com/purepost/dfdetect/image/PreprocessorFuzzTestInputs", "decodesOrRefusesWebpLikeBytes"): webp_seeds,
    ("com/purepost/dfdetect/lambda/MultipartFormDataFuzzTestInputs", "splitsOrRefusesAnyBody"): multipart_seeds,
}


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    for (inputs, method), make in SEEDS.items():
        directory = os.path.join(argv[1], inputs, method)
        os.makedirs(directory, exist_ok=True)
        for name, data in make().items():
            with open(os.path.join(directory, "seed-" + name), "wb") as out:
                out.write(data)


if __name__ == "__main__":
    main(sys.argv)
