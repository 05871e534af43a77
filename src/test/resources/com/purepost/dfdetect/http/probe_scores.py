"""What the original Python service would answer with a linear probe model: Pillow's preprocessing,
then logits = tensor . W + b read from the ONNX file, then softmax. Prints one line per image:
the image path and the probabilities, tab-separated.

Usage: probe_scores.py MODEL.onnx IMAGE [IMAGE ...]
"""
import io
import sys

import numpy as np
import onnx
from onnx import numpy_helper
from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def tensor(path):
    with open(path, "rb") as f:
        image = Image.open(io.BytesIO(f.read())).convert("RGB")
    if image.size != (224, 224):
        image = image.resize((224, 224), Image.BILINEAR)
    pixels = np.asarray(image, dtype=np.float32)
    return ((pixels / np.float32(255.0) - MEAN) / STD).transpose(2, 0, 1).reshape(-1)


def main():
    model = onnx.load(sys.argv[1])
    weights = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    w = weights["W"].astype(np.float64)
    b = weights["b"].astype(np.float64)
    for path in sys.argv[2:]:
        logits = tensor(path).astype(np.float64) @ w + b
        p = np.exp(logits - logits.max())
        p /= p.sum()
        print(path + "\t" + "\t".join(repr(float(x)) for x in p))


main()
