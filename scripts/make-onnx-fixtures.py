"""Write the ONNX test fixtures under tests/data/onnx/ (run: /usr/bin/python3 scripts/make-onnx-fixtures.py).

Needs PyTorch and the onnx Python package (Debian: apt-get install python3-torch python3-onnx). Each fixture
NAME gets NAME.onnx, its relu-origami/1 twin NAME.json (written from the PyTorch module, not from the ONNX
file) and, in reference.json, PyTorch's outputs at fixed random points. The TorchScript exporter writes the
opset 9-17 files; the opset 18 / IR 10 files of the dynamo exporter's form are built with onnx.helper.
"""

import json
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "onnx")


def to_relu_origami(seq, input_dim):
    """relu-origami/1 JSON of an nn.Sequential of Linear, BatchNorm1d (eval) and ReLU-family layers."""
    layers = []
    for m in seq:
        if isinstance(m, nn.Linear):
            w = m.weight.detach().double().numpy()
            b = m.bias.detach().double().numpy() if m.bias is not None else np.zeros(w.shape[0])
            layers.append({"weights": w.tolist(), "bias": b.tolist(), "activation": "linear"})
        elif isinstance(m, nn.BatchNorm1d):  # y = s * x + c, folded into the layer before
            s = m.weight.detach().double().numpy() / np.sqrt(m.running_var.double().numpy() + m.eps)
            c = m.bias.detach().double().numpy() - s * m.running_mean.double().numpy()
            last = layers[-1]
            last["weights"] = (s[:, None] * np.array(last["weights"])).tolist()
            last["bias"] = (s * np.array(last["bias"]) + c).tolist()
        elif isinstance(m, nn.ReLU):
            layers[-1]["activation"] = "relu"
        elif isinstance(m, nn.LeakyReLU):
            layers[-1].update(activation="leaky_relu", alpha=m.negative_slope)
        elif isinstance(m, nn.PReLU):
            a = m.weight.detach().double().numpy().tolist()
            layers[-1].update(activation="prelu", alpha=a[0] if len(a) == 1 else a)
        elif isinstance(m, nn.Hardtanh) and (m.min_val, m.max_val) == (-1.0, 1.0):
            layers[-1]["activation"] = "hardtanh"
        elif isinstance(m, Abs):
            layers[-1]["activation"] = "abs"
        elif isinstance(m, nn.Softmax):
            pass  # does not change the regions
        else:
            raise ValueError(f"{type(m).__name__} has no relu-origami/1 form")
    return {"format": "relu-origami/1", "inputDim": input_dim, "layers": layers}


class Abs(nn.Module):
    def forward(self, x):
        return torch.abs(x)


class ShapeOps(nn.Module):
    """Sub, Mul, Div by constants and Reshape/Unsqueeze/Squeeze/Flatten of the vector around a Linear."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 4)
        self.out = nn.Linear(4, 1)

    def forward(self, x):
        x = (x - torch.tensor([0.5, -0.25])) * 2.0
        x = x.reshape(1, -1).unsqueeze(1).squeeze(1)
        x = torch.relu(self.fc(x)) / 4.0
        return self.out(torch.flatten(x, 1))


def seq(*mods, seed):
    torch.manual_seed(seed)
    return nn.Sequential(*mods).eval()


def export(model, name, opset, shape=(1, 2), **kw):
    path = os.path.join(OUT, f"{name}.onnx")
    torch.onnx.export(model, torch.zeros(shape), path, opset_version=opset, input_names=["x"],
                      output_names=["y"], **kw)
    return path


def points(n=6, d=2, seed=99):
    g = np.random.default_rng(seed)
    return g.uniform(-3, 3, size=(n, d))


def run(model, pts, shape=(1, 2)):
    with torch.no_grad():
        return [model(torch.tensor(p, dtype=torch.float32).reshape(shape)).double().reshape(-1).tolist()
                for p in pts]


def main():
    os.makedirs(OUT, exist_ok=True)
    ref = {}

    def record(name, model, twin, shape=(1, 2)):
        pts = points()
        ref[name] = {"points": pts.tolist(), "outputs": run(model, pts, shape)}
        if twin is not None:
            with open(os.path.join(OUT, f"{name}.json"), "w") as f:
                json.dump(twin, f)

    cases = [
        ("relu_o11", 11, seq(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 1), seed=1)),
        ("leaky_o13", 13, seq(nn.Linear(2, 6), nn.LeakyReLU(0.1), nn.Linear(6, 2), seed=2)),
        ("prelu_o17", 17, seq(nn.Linear(2, 5), nn.PReLU(5), nn.Linear(5, 4), nn.PReLU(), nn.Linear(4, 1), seed=3)),
        ("hardtanh_o13", 13, seq(nn.Linear(2, 6), nn.Hardtanh(), nn.Linear(6, 1), seed=4)),
        ("hardtanh_o9", 9, seq(nn.Linear(2, 6), nn.Hardtanh(), nn.Linear(6, 1), seed=5)),
        ("abs_o13", 13, seq(nn.Linear(2, 5), Abs(), nn.Linear(5, 1), seed=6)),
        ("softmax_o13", 13, seq(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 3), nn.Softmax(dim=1), seed=8)),
    ]
    for name, opset, m in cases:
        export(m, name, opset)
        record(name, m, to_relu_origami(m, 2))
    # BatchNorm1d in eval with non-trivial statistics, after a Linear and after a ReLU.
    bn = seq(nn.Linear(2, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 1), seed=7)
    with torch.no_grad():
        bn[1].running_mean.uniform_(-1, 1)
        bn[1].running_var.uniform_(0.5, 2)
        bn[1].weight.uniform_(0.5, 1.5)
        bn[1].bias.uniform_(-0.5, 0.5)
    export(bn, "batchnorm_o13", 13, do_constant_folding=False)
    record("batchnorm_o13", bn, to_relu_origami(bn, 2))
    # A 3-D input: Linear exports as MatMul + Add.
    m3 = seq(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 1), seed=9)
    export(m3, "matmul3d_o13", 13, shape=(1, 1, 2))
    record("matmul3d_o13", m3, to_relu_origami(m3, 2), shape=(1, 1, 2))
    # Sub / Mul / Div by constants and the shape ops.
    torch.manual_seed(10)
    so = ShapeOps().eval()
    export(so, "shapeops_o13", 13)
    record("shapeops_o13", so, None)
    # Tensors in a side file.
    ext = seq(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 1), seed=11)
    p = export(ext, "external_o13", 13)
    mp = onnx.load(p)
    onnx.save_model(mp, p, save_as_external_data=True, all_tensors_to_one_file=True,
                    location="external_o13.onnx.data", size_threshold=0)
    record("external_o13", ext, to_relu_origami(ext, 2))
    # A convolution, to be refused.
    conv = seq(nn.Conv1d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8, 1), seed=12)
    export(conv, "conv_o13", 13, shape=(1, 1, 6))

    # The dynamo exporter's form: opset 18, IR 10, Transpose/MatMul/Add with Constant nodes.
    dy = seq(nn.Linear(2, 5), nn.ReLU(), nn.Linear(5, 1), seed=13)
    for name, external in (("dynamo_o18", False), ("dynamo_external_o18", True)):
        write_dynamo(dy, name, external)
        record(name, dy, to_relu_origami(dy, 2))
    # Gemm with alpha, beta and transB = 0; Clip with other bounds; Identity.
    gm = seq(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1), seed=14)
    write_gemm_variants(gm, "gemm_alpha_o18")
    g = gm
    ref["gemm_alpha_o18"] = {"points": points().tolist(), "outputs": gemm_variant_outputs(g, points())}
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)


def f32(a):
    return numpy_helper.from_array(np.asarray(a, dtype=np.float32))


def write_dynamo(m, name, external):
    w1, b1 = m[0].weight.detach().numpy(), m[0].bias.detach().numpy()
    w2, b2 = m[2].weight.detach().numpy(), m[2].bias.detach().numpy()
    nodes, inits = [], []

    def const(n, arr):
        if external:
            t = numpy_helper.from_array(np.asarray(arr, dtype=np.float32), n)
            inits.append(t)
        else:
            nodes.append(helper.make_node("Constant", [], [n], value=numpy_helper.from_array(
                np.asarray(arr, dtype=np.float32), n)))

    const("w1", w1)
    const("b1", b1)
    const("w2", w2)
    const("b2", b2)
    nodes += [
        helper.make_node("Transpose", ["w1"], ["w1t"], perm=[1, 0], name="node_t1"),
        helper.make_node("MatMul", ["x", "w1t"], ["h1"], name="node_mm1"),
        helper.make_node("Add", ["h1", "b1"], ["z1"], name="node_add1"),
        helper.make_node("Relu", ["z1"], ["a1"], name="node_relu"),
        helper.make_node("Identity", ["a1"], ["a1i"], name="node_id"),
        helper.make_node("Transpose", ["w2"], ["w2t"], perm=[1, 0], name="node_t2"),
        helper.make_node("MatMul", ["a1i", "w2t"], ["h2"], name="node_mm2"),
        helper.make_node("Add", ["h2", "b2"], ["y"], name="node_add2"),
    ]
    graph = helper.make_graph(nodes, "main_graph", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], producer_name="pytorch")
    model.ir_version = 10
    path = os.path.join(OUT, f"{name}.onnx")
    if external:
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=f"{name}.onnx.data", size_threshold=0)
    else:
        onnx.save_model(model, path)


def write_gemm_variants(m, name):
    """Gemm(alpha=0.5, beta=2, transB=0) and Clip(-2, 3) then Gemm in double precision."""
    w1, b1 = m[0].weight.detach().double().numpy(), m[0].bias.detach().double().numpy()
    w2, b2 = m[2].weight.detach().double().numpy(), m[2].bias.detach().double().numpy()
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["z1"], alpha=0.5, beta=2.0, transB=0, name="g1"),
        helper.make_node("Clip", ["z1", "lo", "hi"], ["a1"], name="clip"),
        helper.make_node("Gemm", ["a1", "w2", "b2"], ["y"], transB=1, name="g2"),
    ]
    inits = [numpy_helper.from_array(w1.T.copy(), "w1"), numpy_helper.from_array(b1, "b1"),
             numpy_helper.from_array(w2, "w2"), numpy_helper.from_array(b2, "b2"),
             numpy_helper.from_array(np.array(-2.0), "lo"), numpy_helper.from_array(np.array(3.0), "hi")]
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.DOUBLE, [1, 2])],
                              [helper.make_tensor_value_info("y", TensorProto.DOUBLE, [1, 1])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 10
    onnx.save_model(model, os.path.join(OUT, f"{name}.onnx"))


def gemm_variant_outputs(m, pts):
    w1, b1 = m[0].weight.detach().double(), m[0].bias.detach().double()
    w2, b2 = m[2].weight.detach().double(), m[2].bias.detach().double()
    out = []
    for p in pts:
        x = torch.tensor(p, dtype=torch.float64)
        z = 0.5 * (w1 @ x) + 2.0 * b1
        out.append((w2 @ torch.clamp(z, -2.0, 3.0) + b2).tolist())
    return out


if __name__ == "__main__":
    main()
