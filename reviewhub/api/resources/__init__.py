"""One module per API resource, each adding its routes to reviewhub.api.base.api_v1.

import_all() imports every module here before the blueprint is registered, so a new resource
is a new file and nothing else."""

import importlib
import pkgutil


def import_all() -> None:
    for module_info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module_info.name}")
