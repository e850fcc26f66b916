"""Reads multi-document YAML with PyYAML (a YAML 1.1 reader, like go-yaml behind sigs.k8s.io/yaml).

stdin: a JSON array of YAML texts. stdout: a JSON array with, per text, the list of its documents.
A value YAML 1.1 resolves to a type JSON has no form for (dates, timestamps) is written as
{"__yaml11__": "<type>: <repr>"}, so it never equals the string the writer meant.
"""
import json
import sys

import yaml


def default(o):
    return {"__yaml11__": f"{type(o).__name__}: {o!r}"}


texts = json.load(sys.stdin)
out = [[d for d in yaml.safe_load_all(t)] for t in texts]
json.dump(out, sys.stdout, default=default)
