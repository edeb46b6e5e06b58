"""Loads training/config.json: the full configuration, or with --tiny its 'tiny' overrides merged in.

model.init names the starting weights (a key of model.inits: "arctic-xs" or "minilm"); the resolved path is
model.init_checkpoint. The `init` argument of load_config overrides model.init (train_splade.py --init)."""
from __future__ import annotations

import copy
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
PATH_KEYS = {("data", "out"), ("data", "wordnet_tarball"), ("data", "wordnet_dir"), ("data", "datasets"), ("data", "dictd_folder"),
             ("model", "init_checkpoint"), ("model", "vocab"), ("teacher", "checkpoint"), ("teacher", "vocab"), ("train", "run_dir")}


def _merge(base: dict, override: dict, where: str) -> None:
    for key, value in override.items():
        if key not in base:
            raise KeyError(f"config: tiny override names unknown key {where}{key}")
        if isinstance(value, dict):
            _merge(base[key], value, f"{where}{key}.")
        else:
            base[key] = value


def load_config(path: Path, tiny: bool, init: str | None = None) -> dict:
    """The merged configuration; relative paths are taken relative to the training/ folder."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    config = copy.deepcopy({k: v for k, v in raw.items() if k != "tiny"})
    if tiny:
        _merge(config, raw["tiny"], "")
    config["name"] = "tiny" if tiny else "full"
    model = config["model"]
    model["init"] = init or model["init"]
    if model["init"] not in model["inits"]:
        raise KeyError(f"config: model.init {model['init']!r} is not one of model.inits ({', '.join(model['inits'])})")
    model["init_checkpoint"] = model["inits"][model["init"]]
    for section, key in PATH_KEYS:
        value = Path(config[section][key])
        config[section][key] = str(value if value.is_absolute() else HERE / value)
    return config
