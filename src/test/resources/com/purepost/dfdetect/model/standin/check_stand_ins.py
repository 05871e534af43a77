"""Checks dfdetect's two stand-in model files with the onnx package, independently of the Java code.

Usage: python3 check_stand_ins.py FP32_FILE QUANTIZED_FILE

1. Both files pass onnx.checker with full_check (strict shape inference included); their op types are
   printed.
2. Every quantized weight is what ONNX Runtime's quantize_dynamic (QUInt8, per tensor, no reduce_range)
   would store for the float weight of the same name in the FP32 file: its formula is written again here
   in numpy terms, so that numpy's float32/float64 promotions, not Java's, decide each rounding.
3. Biases, which the quantizer leaves in float, are the FP32 file's biases.
Exits non-zero on the first failure.
"""
import collections
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def load_and_check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    counts = collections.Counter(node.op_type for node in model.graph.node)
    opsets = {o.domain or "ai.onnx": o.version for o in model.opset_import}
    print(f"{path}: onnx {onnx.__version__} checker (full_check) passed; ir_version {model.ir_version}, "
          f"opsets {opsets}, {len(model.graph.node)} nodes")
    print("  op types: " + ", ".join(f"{op} {n}" for op, n in sorted(counts.items())))
    return model


def ort_uint8(weights):
    """Scale, zero point and values as ORT's quantizer computes them for a uint8 weight."""
    data = weights.astype(np.float32).ravel()
    rmin = np.minimum(data.min(), np.float32(0))   # 0 always representable
    rmax = np.maximum(data.max(), np.float32(0))
    scale = np.float64(rmax - rmin) / np.float64(255)   # difference in float32, quotient in float64
    if scale < np.finfo(np.float32).tiny:
        return np.float32(1), np.uint8(0), np.zeros(data.shape, np.uint8)
    zero_point = np.round(np.float64(0) - np.float64(rmin) / scale)   # half to even, in float64
    scale = np.float32(scale)
    values = np.clip(np.round(data / scale) + np.float32(zero_point), 0, 255).astype(np.uint8)
    return scale, np.uint8(zero_point), values


def main(fp32_path, quantized_path):
    fp32 = load_and_check(fp32_path)
    quantized = load_and_check(quantized_path)
    floats = {t.name: numpy_helper.to_array(t) for t in fp32.graph.initializer}
    stored = {t.name: numpy_helper.to_array(t) for t in quantized.graph.initializer}

    weights = [name[: -len("_quantized")] for name in stored if name.endswith("_quantized")]
    for name in weights:
        original = floats[name]
        if name == "fc.1.weight":
            original = original.T   # the Gemm head is turned into MatMul, whose B is not transposed
        scale, zero_point, values = ort_uint8(original)
        q = stored[name + "_quantized"]
        assert q.dtype == np.uint8 and q.shape == original.shape, f"{name}: {q.dtype} {q.shape}"
        assert stored[name + "_scale"] == scale, f"{name}: scale {stored[name + '_scale']} != {scale}"
        assert stored[name + "_zero_point"] == zero_point, f"{name}: zero point differs"
        mismatches = int(np.count_nonzero(q.ravel() != values))
        assert mismatches == 0, f"{name}: {mismatches} of {values.size} values differ from ORT's formula"
    print(f"  {len(weights)} quantized weights equal ORT's formula applied to the FP32 file's weights")

    biases = [name for name in stored if name.endswith(".bias")]
    for name in biases:
        assert np.array_equal(stored[name], floats[name]), f"{name} differs between the files"
    print(f"  {len(biases)} float biases identical in both files")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
