"""
Runs edge subdivision (Berzins, ICML 2023: github.com/arturs-berzins/relu_edge_subdivision) on ReLU Origami
model files, for `npm run bench:peers` (bench/node/peers.ts). Not part of the project: the peer's code is
imported from its own clone, whose folder is the first argument.

Protocol: one JSON request per line on standard input, {"model": PATH, "half": H}, answered by one JSON line:
{"seconds", "vertices", "edges", "regions"} for the subdivision of [-H, H]^2 by every hidden neuron, or
{"error": ...}. The peer's network is built with the hidden layers only (its subdivision also cuts along the
last layer's neurons, and the output is no hyperplane of a region), in its default float32, on one thread,
and only its subdivision call is timed. regions = edges - vertices + 1 (Euler's formula for the subdivided
square, whose graph is connected).
"""
import json
import sys
import time

sys.path.insert(0, sys.argv[1])

import torch  # noqa: E402
from NN import Net  # noqa: E402
from edge_subdivision import skeletal_subdivision  # noqa: E402

torch.set_num_threads(1)


def load(path):
    with open(path) as f:
        model = json.load(f)
    layers = model["layers"][:-1]
    for layer in layers:
        if layer.get("activation") != "relu":
            raise ValueError("edge subdivision handles ReLU hidden layers only")
    ks = [model["inputDim"]] + [len(layer["bias"]) for layer in layers]
    net = Net(ks=ks)
    with torch.no_grad():
        for fc, layer in zip(net.fcs, layers):
            fc.weight.copy_(torch.tensor(layer["weights"], dtype=torch.float64))
            fc.bias.copy_(torch.tensor(layer["bias"], dtype=torch.float64))
    return net


def main():
    nets = {}
    for line in sys.stdin:
        try:
            req = json.loads(line)
            path = req["model"]
            if path not in nets:
                nets[path] = load(path)
            net = nets[path]
            half = float(req["half"])
            with torch.no_grad():
                t0 = time.perf_counter()
                vs, edges, _ = skeletal_subdivision(net, bbox=(-half, half), device="cpu", verbose=False)
                seconds = time.perf_counter() - t0
            out = {
                "seconds": seconds,
                "vertices": len(vs),
                "edges": len(edges),
                "regions": len(edges) - len(vs) + 1,
            }
        except Exception as e:  # reported to the driver, which stops
            out = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(out), flush=True)


main()
