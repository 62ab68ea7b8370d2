#!/usr/bin/env python3
"""Trains the `health-risk` demo model from real data and exports it to ONNX by hand.

Data: scikit-learn's diabetes dataset in RAW units (load_diabetes(scaled=False)): 442
patients, ten baseline measurements, and a quantitative measure of disease progression one
year later (Efron, Hastie, Johnstone and Tibshirani, "Least Angle Regression", Annals of
Statistics 2004).

Target, stated plainly: "high progression risk" = the one-year progression measure is ABOVE
THE MEDIAN OF THE TRAINING SPLIT. It is a relative label inside this small cohort, not a
clinical definition, and the model is a demo, not medical advice.

Model: standardization + logistic regression (fixed seed, stratified 75/25 split). The ONNX
graph is built with onnx.helper (no skl2onnx here): Sub(mean) -> Div(scale) -> MatMul(w) ->
Add(b) -> Sigmoid, input `features` float32 [batch, 10], output `risk` float32 [batch, 1].

Run from the repository root with Debian's python3 (python3-sklearn, python3-onnx, numpy):
    /usr/bin/python3 scripts/recipes/health-risk.py
Writes models/health-risk/1/model.onnx and models/health-risk/recipe-output.json. The output
is deterministic, so the catalog's sha256 stays valid when the recipe is re-run.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

SEED = 20241125
OUT_DIR = "models/health-risk"
OPSET = 13

# Meanings from scikit-learn's DESCR for the diabetes dataset. Units are not documented
# there; the ones below are what the raw values imply and are marked as such in the docs.
FEATURES = [
    ("age", "age", "years"),
    ("sex", "sex (dataset code 1 or 2; which is which is not documented)", "code"),
    ("bmi", "body mass index", "kg/m²"),
    ("bp", "average blood pressure", "mmHg"),
    ("s1", "tc, total serum cholesterol", "mg/dL"),
    ("s2", "ldl, low-density lipoproteins", "mg/dL"),
    ("s3", "hdl, high-density lipoproteins", "mg/dL"),
    ("s4", "tch, total cholesterol / HDL", "ratio"),
    ("s5", "ltg, possibly log of serum triglycerides level", "log"),
    ("s6", "glu, blood sugar level", "mg/dL"),
]


def build_onnx(mean, scale, weights, bias):
    """The whole pipeline as one graph, so the browser needs no preprocessing code."""
    f32 = lambda a: np.asarray(a, dtype=np.float32)
    inits = [
        numpy_helper.from_array(f32(mean).reshape(1, 10), "mean"),
        numpy_helper.from_array(f32(scale).reshape(1, 10), "scale"),
        numpy_helper.from_array(f32(weights).reshape(10, 1), "weights"),
        numpy_helper.from_array(f32(bias).reshape(1), "bias"),
    ]
    nodes = [
        helper.make_node("Sub", ["features", "mean"], ["centered"], name="center"),
        helper.make_node("Div", ["centered", "scale"], ["standardized"], name="standardize"),
        helper.make_node("MatMul", ["standardized", "weights"], ["weighted"], name="weigh"),
        helper.make_node("Add", ["weighted", "bias"], ["logit"], name="offset"),
        helper.make_node("Sigmoid", ["logit"], ["risk"], name="probability"),
    ]
    graph = helper.make_graph(
        nodes,
        "health_risk",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 10])],
        [helper.make_tensor_value_info("risk", TensorProto.FLOAT, ["batch", 1])],
        inits,
    )
    model = helper.make_model(graph, producer_name="ax-playground", producer_version="0.1.0",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    # ir_version 8 is what onnx 1.12 writes; pin it so a newer onnx gives the same bytes.
    model.ir_version = 8
    model.doc_string = ("Demo only, not medical advice. P(one-year diabetes progression above the "
                        "training median) from scikit-learn's diabetes data, raw units.")
    onnx.checker.check_model(model)
    return model


def run_graph(model, x):
    """Evaluates the exported graph node by node with numpy in float32 (onnx 1.12 has no
    reference runtime), reading the weights back from the serialized model."""
    values = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    values["features"] = x.astype(np.float32)
    ops = {
        "Sub": lambda a, b: a - b,
        "Div": lambda a, b: a / b,
        "MatMul": lambda a, b: a @ b,
        "Add": lambda a, b: a + b,
        "Sigmoid": lambda a: (1 / (1 + np.exp(-a))).astype(np.float32),
    }
    for node in model.graph.node:
        values[node.output[0]] = ops[node.op_type](*(values[n] for n in node.input))
    return values["risk"]


def graph_numbers(model):
    """mean, scale, weights and bias exactly as the exported graph holds them."""
    values = {i.name: [float(v) for v in numpy_helper.to_array(i).ravel()] for i in model.graph.initializer}
    return {"mean": values["mean"], "scale": values["scale"], "weights": values["weights"], "bias": values["bias"][0]}


def main():
    data = load_diabetes(scaled=False)
    x, y = data.data.astype(np.float64), data.target
    assert list(data.feature_names) == [f[0] for f in FEATURES], data.feature_names
    # Stratify on the cohort median so both splits hold as many high as low cases; the label
    # itself then uses the training median only (the test split never shapes the label).
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, random_state=SEED, stratify=y > np.median(y))
    threshold = float(np.median(y_train))
    t_train, t_test = (y_train > threshold).astype(int), (y_test > threshold).astype(int)

    scaler = StandardScaler().fit(x_train)
    clf = LogisticRegression(C=1.0, max_iter=1000, random_state=SEED).fit(scaler.transform(x_train), t_train)
    p_test = clf.predict_proba(scaler.transform(x_test))[:, 1]
    accuracy = float(accuracy_score(t_test, p_test >= 0.5))
    auc = float(roc_auc_score(t_test, p_test))
    print(f"target: progression > training median {threshold}")
    print(f"n_train={len(x_train)} n_test={len(x_test)} positives(train)={t_train.sum()} positives(test)={t_test.sum()}")
    print(f"held-out accuracy={accuracy:.4f} ROC AUC={auc:.4f}")

    model = build_onnx(scaler.mean_, scaler.scale_, clf.coef_[0], clf.intercept_)
    p_onnx = run_graph(model, x_test)[:, 0]
    max_abs_diff = float(np.max(np.abs(p_onnx - p_test)))
    print(f"exported graph vs sklearn on the test split: max abs diff {max_abs_diff:.2e}")
    assert max_abs_diff < 1e-5, "the exported graph disagrees with sklearn"

    os.makedirs(f"{OUT_DIR}/1", exist_ok=True)
    onnx.save(model, f"{OUT_DIR}/1/model.onnx")
    # A handful of held-out rows with sklearn's probabilities: the unit tests run them
    # through onnxruntime and the TypeScript input code.
    rows = [{"features": [float(v) for v in x_test[i]], "progression": float(y_test[i]),
             "label": int(t_test[i]), "sklearnProbability": float(p_test[i])} for i in range(8)]
    output = {
        "recipe": "scripts/recipes/health-risk.py",
        "dataset": "scikit-learn load_diabetes(scaled=False); Efron et al. 2004, Least Angle Regression",
        "target": f"disease progression one year after baseline > {threshold} (median of the training split)",
        "model": "StandardScaler + LogisticRegression(C=1.0), exported as Sub/Div/MatMul/Add/Sigmoid",
        "seed": SEED,
        "sklearn": __import__("sklearn").__version__,
        "onnx": onnx.__version__,
        "nTrain": int(len(x_train)),
        "nTest": int(len(x_test)),
        "progressionThreshold": threshold,
        "accuracy": round(accuracy, 4),
        "auc": round(auc, 4),
        "onnxMaxAbsDiff": max_abs_diff,
        "featureOrder": [f[0] for f in FEATURES],
        # Ranges over all 442 rows (what the form may accept: the span the data covers);
        # the median over the training rows only (the form's default).
        "features": [{"name": name, "meaning": meaning, "unit": unit,
                      "min": float(np.min(x[:, k])), "max": float(np.max(x[:, k])),
                      "trainingMedian": float(np.median(x_train[:, k]))}
                     for k, (name, meaning, unit) in enumerate(FEATURES)],
        "coefficients": {"standardized": [round(float(c), 4) for c in clf.coef_[0]], "intercept": round(float(clf.intercept_[0]), 4)},
        # The graph's own numbers (float32, read back from the serialized model): the task
        # explains an estimate with them (coefficient x standardised value per field).
        "graph": graph_numbers(model),
        "rows": rows,
    }
    with open(f"{OUT_DIR}/recipe-output.json", "w", encoding="utf-8") as f:
        json.dump(output, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {OUT_DIR}/1/model.onnx and {OUT_DIR}/recipe-output.json")


if __name__ == "__main__":
    main()
