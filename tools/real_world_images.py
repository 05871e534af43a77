#!/usr/bin/env python3
"""Images of the sizes and kinds PurePost's users upload, written with Pillow, to show that the
decode budget (docs: "What decoding may cost") refuses none of them.

Usage:
    real_world_images.py DIR     write the images into DIR, and a line per image on standard output:
                                 name, format, width, height, Pillow's mode, file bytes

Camera photos are photo-like content (bench_images.photo: detail at every scale, hard edges, sensor
noise) at a phone's 12 megapixels, also denoised as phones save them, underexposed, and as flat as a
photo gets; screenshots are text and panels on a plain background at phone, 4K and 8K sizes; web
exports are the same in WebP, GIF and BMP. Flat colour at the size given is the worst case real
encoders write for each format. Fixed seeds: two runs write identical files.
"""

import os
import random
import sys

from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_images import photo  # noqa: E402


def screenshot(width, height, mode, seed):
    """A page of text lines and a few panels on white, as an app or a browser shows it."""
    rng = random.Random(seed)
    white = (255, 255, 255, 255)[:len(mode)]
    image = Image.new(mode, (width, height), white)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, height // 36), fill=(40, 44, 52, 255)[:len(mode)])
    for y in range(height // 18, height - 40, 22):
        line = "".join(rng.choice("abcdefghij klmnop qrstuvwxyz") for _ in range(rng.randint(20, width // 26)))
        draw.text((40 + (y * 7) % 200, y), line, fill=(30, 30, 30, 255)[:len(mode)])
    for _ in range(3):
        x, y = rng.randint(0, width * 3 // 4), rng.randint(0, height * 3 // 4)
        draw.rectangle((x, y, x + width // 5, y + height // 6), fill=(200, 220, 255, 255)[:len(mode)])
    return image


def images():
    camera = photo(4032, 3024, 601)
    yield "camera-12mp-q70.jpg", camera, "JPEG", {"quality": 70}
    yield "camera-12mp-q95.jpg", camera, "JPEG", {"quality": 95}
    denoised = camera.filter(ImageFilter.GaussianBlur(2))
    yield "phone-12mp-denoised-q85.jpg", denoised, "JPEG", {"quality": 85}
    yield "phone-12mp-denoised-q75-progressive.jpg", denoised, "JPEG", {"quality": 75, "progressive": True, "optimize": True}
    yield "camera-12mp-underexposed-q70.jpg", camera.point(lambda v: v // 12), "JPEG", {"quality": 70}
    yield "camera-12mp-blurred-q70.jpg", camera.filter(ImageFilter.GaussianBlur(20)), "JPEG", {"quality": 70, "optimize": True}
    flat = Image.new("RGB", (4032, 3024), (250, 250, 250))
    yield "flat-12mp-q75-progressive.jpg", flat, "JPEG", {"quality": 75, "progressive": True, "optimize": True}
    yield "flat-grey-16mp-q75-progressive.jpg", Image.new("L", (4608, 3456), 128), "JPEG", {"quality": 75, "progressive": True, "optimize": True}
    yield "phone-screenshot-1290x2796.png", screenshot(1290, 2796, "RGBA", 602), "PNG", {}
    yield "screenshot-3840x2160.png", screenshot(3840, 2160, "RGB", 603), "PNG", {"optimize": True}
    yield "screenshot-7680x4320-rgba.png", screenshot(7680, 4320, "RGBA", 604), "PNG", {}
    yield "blank-7680x4320-rgba.png", Image.new("RGBA", (7680, 4320), (255, 255, 255, 255)), "PNG", {"compress_level": 9}
    yield "photo-4032x3024.png", camera, "PNG", {}
    yield "photo-12mp-q75.webp", camera, "WEBP", {"quality": 75}
    yield "phone-12mp-denoised-q90.webp", denoised, "WEBP", {"quality": 90}
    yield "screenshot-3840x2160-lossless.webp", screenshot(3840, 2160, "RGB", 605), "WEBP", {"lossless": True}
    yield "screenshot-7680x4320-lossless.webp", screenshot(7680, 4320, "RGB", 606), "WEBP", {"lossless": True}
    yield "flat-12mp-q80.webp", flat, "WEBP", {"quality": 80}
    yield "screenshot-1920x1080.gif", screenshot(1920, 1080, "RGB", 607).convert("P", palette=Image.ADAPTIVE), "GIF", {}
    yield "blank-7680x4320.gif", Image.new("P", (7680, 4320), 0), "GIF", {}
    yield "screenshot-1920x1080.bmp", screenshot(1920, 1080, "RGB", 608), "BMP", {}


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    os.makedirs(argv[0], exist_ok=True)
    for name, image, fmt, options in images():
        path = os.path.join(argv[0], name)
        image.save(path + ".tmp", fmt, **options)
        os.replace(path + ".tmp", path)
        opened = Image.open(path)
        print(f"{name}\t{fmt}\t{opened.size[0]}\t{opened.size[1]}\t{opened.mode}\t{os.path.getsize(path)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
