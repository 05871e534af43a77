#!/usr/bin/env python3
"""The images dfdetect's benchmarks run on, and Pillow's own time on each preprocessing stage.

Four image classes, generated from fixed seeds with photo-like content (detail at every scale, hard
edges, sensor noise), so that two runs write identical files:

    photo-4032x3024.jpg   a 12-megapixel phone photo (quality 90, 4:2:0, as Pillow saves it)
    photo-1920x1080.jpg   a 1080p image
    photo-640x480.png     a small PNG
    photo-224x224.png     a PNG already at the model's size (Pillow skips the resize)

Usage:
    bench_images.py write DIR                  write the four images into DIR (skips existing ones)
    bench_images.py serve                      time one stage at a time on request, for a caller that
                                               interleaves Pillow's runs with its own: reads
                                               "stage<TAB>file" lines, answers each with the
                                               milliseconds of one run

The stages are the original service's pipeline cut where dfdetect's ImagePreprocessor cuts it:
    load       Image.open(bytes).load()          (the first frame decoded in its own mode)
    convert    .convert('RGB') of the loaded frame (a copy when it is RGB already)
    decode     Image.open(bytes).convert('RGB')   (the two together: convert loads first)
    resize     .resize((224, 224), Image.BILINEAR) of the decoded image (none when already 224x224)
    tensor     numpy: float32 / 255, minus mean, over std, HWC to CHW, contiguous
    pipeline   the three in one go, from the bytes
Run it with an interpreter that has Pillow 9.4 and numpy (Debian: python3-pil python3-numpy).
"""

import io
import os
import sys
import time

import numpy as np
from PIL import Image, ImageDraw

SIZE = 224
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)

# name, width, height, format, save options, seed
IMAGES = [
    ("photo-4032x3024.jpg", 4032, 3024, "JPEG", {"quality": 90}, 501),
    ("photo-1920x1080.jpg", 1920, 1080, "JPEG", {"quality": 90}, 502),
    ("photo-640x480.png", 640, 480, "PNG", {}, 503),
    ("photo-224x224.png", 224, 224, "PNG", {}, 504),
]


# ---------------------------------------------------------------------------------------------
# Photo-like content
# ---------------------------------------------------------------------------------------------

def photo(width, height, seed):
    """An RGB image whose spectrum falls off like a photo's: textured regions (colour detail at
    every scale, each octave twice as fine and a little weaker) cut by hard-edged objects, then
    sensor noise."""
    rng = np.random.default_rng(seed)
    base = texture(width, height, rng)
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    for _ in range(40):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        w = int(rng.integers(width // 30 + 1, width // 5 + 2))
        h = int(rng.integers(height // 30 + 1, height // 5 + 2))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x0, y0, x0 + w, y0 + h), fill=255)
    base.paste(texture(width, height, rng), (0, 0), mask)
    pixels = np.asarray(base, dtype=np.int16)
    noise = rng.normal(0.0, 5.0, size=pixels.shape).astype(np.int16)
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8), "RGB")


def texture(width, height, rng):
    """Random colour fields summed over octaves, from a few cells across down to 4-pixel cells."""
    canvas = np.zeros((height, width, 3), dtype=np.float32)
    cells, weight, total = 3, 1.0, 0.0
    while cells <= max(width, height) // 4:
        grid_w = max(2, cells * width // max(width, height))
        grid_h = max(2, cells * height // max(width, height))
        grid = rng.integers(0, 256, size=(grid_h, grid_w, 3), dtype=np.uint8)
        canvas += weight * np.asarray(Image.fromarray(grid, "RGB").resize((width, height), Image.BICUBIC),
                                      dtype=np.float32)
        total += weight
        cells *= 2
        weight *= 0.75
    # stretched back to the full range: the sum of many octaves would otherwise sit near grey
    mean = canvas / total
    low, high = np.percentile(mean, 1), np.percentile(mean, 99)
    return Image.fromarray(np.clip((mean - low) * 255 / (high - low), 0, 255).astype(np.uint8), "RGB")


def write(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, width, height, fmt, options, seed in IMAGES:
        path = os.path.join(out_dir, name)
        if os.path.exists(path):
            continue
        buf = io.BytesIO()
        photo(width, height, seed).save(buf, fmt, **options)
        # written under a temporary name first: a reader never sees half a file
        with open(path + ".tmp", "wb") as f:
            f.write(buf.getvalue())
        os.replace(path + ".tmp", path)
        print(f"{path}\t{len(buf.getvalue())} bytes", flush=True)


# ---------------------------------------------------------------------------------------------
# Pillow's stages, timed
# ---------------------------------------------------------------------------------------------

def decode(data):
    return Image.open(io.BytesIO(data)).convert("RGB")


def load(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def resize(rgb):
    return rgb if rgb.size == (SIZE, SIZE) else rgb.resize((SIZE, SIZE), Image.BILINEAR)


def tensor(resized):
    pixels = np.asarray(resized, dtype=np.uint8)
    return np.ascontiguousarray(((pixels.astype(np.float32) / np.float32(255.0) - MEAN) / STD).transpose(2, 0, 1))


def pipeline(data):
    return tensor(resize(decode(data)))


def serve():
    """One run per request, timed here, so that the pipe's own latency is not in the figure."""
    inputs = {}
    for request in sys.stdin:
        stage, path = request.rstrip("\n").split("\t")
        if path not in inputs:
            with open(path, "rb") as f:
                data = f.read()
            rgb = decode(data)
            inputs[path] = (data, load(data), rgb, resize(rgb))
        data, loaded, rgb, resized = inputs[path]
        work = {"load": lambda: load(data), "convert": lambda: loaded.convert("RGB"),
                "decode": lambda: decode(data), "resize": lambda: resize(rgb),
                "tensor": lambda: tensor(resized), "pipeline": lambda: pipeline(data)}[stage]
        start = time.perf_counter()
        work()
        print(f"{(time.perf_counter() - start) * 1000:.4f}", flush=True)


def main(argv):
    if len(argv) == 2 and argv[0] == "write":
        write(argv[1])
        return 0
    if argv == ["serve"]:
        serve()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
