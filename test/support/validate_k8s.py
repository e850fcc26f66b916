"""Validates Kubernetes objects against the OpenAPI schema of one Kubernetes minor, offline and strict.

Reads JSON {"version": "1.30", "objects": [...]} on stdin and writes JSON on stdout:
{"package": "<kubernetes-validate version>", "schemaVersion": "1.30.0", "results": [{"ok": bool, "error": str?}]}.

Schemas come from the PyPI package kubernetes-validate: 1.37.0 in .venv ships Kubernetes 1.25-1.37;
1.24.1, installed with `pip install --no-deps --target .venv/kv-legacy`, ships 1.10-1.24. An object whose
kind has no schema in the target version is a failure, not a warning.
"""

import json
import os
import sys
import warnings

warnings.simplefilter("ignore")

LEGACY_DIR = os.path.join(os.path.dirname(sys.executable), "..", "kv-legacy")


def main() -> int:
    request = json.load(sys.stdin)
    version = request["version"]
    major, minor = (int(p) for p in version.split(".")[:2])
    if (major, minor) < (1, 25):
        if not os.path.isdir(os.path.join(LEGACY_DIR, "kubernetes_validate")):
            print(
                json.dumps({"fatal": "kubernetes-validate 1.24.1 (schemas 1.10-1.24) is not installed in "
                            + os.path.normpath(LEGACY_DIR)}),
            )
            return 3
        sys.path.insert(0, LEGACY_DIR)
    import kubernetes_validate
    from kubernetes_validate import utils

    shipped = [v for v in utils.all_versions() if v.startswith(f"{major}.{minor}.")]
    if not shipped:
        print(json.dumps({"fatal": f"kubernetes-validate {kubernetes_validate.__version__} ships no schema for "
                          f"{major}.{minor} (it has {', '.join(utils.all_versions())})"}))
        return 3
    schema_version = shipped[-1]
    results = []
    for obj in request["objects"]:
        try:
            kubernetes_validate.validate(obj, schema_version, strict=True)
            results.append({"ok": True})
        except kubernetes_validate.ValidationError as e:
            path = ".".join(str(p) for p in e.path)
            results.append({"ok": False, "error": f"{path}: {e.message}"})
        except kubernetes_validate.SchemaNotFoundError as e:
            results.append({"ok": False, "error": e.message})
        except Exception as e:  # noqa: BLE001 - report anything else per object
            results.append({"ok": False, "error": f"{type(e).__name__}: {e}"})
    print(json.dumps({
        "package": kubernetes_validate.__version__,
        "schemaVersion": schema_version,
        "results": results,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
