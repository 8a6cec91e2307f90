"""The step type registry.

Each step type is one file in this package: a frozen dataclass subclass of
:class:`~learn.content.model.Step` with a marshmallow ``Schema`` for what authors
write, a ``template`` for how both players show it, and ``@register`` to add it
here. Files are discovered, so a new type is one new file.
"""

import importlib
import pkgutil

from ..model import Step

STEP_TYPES: dict[str, type[Step]] = {}


def register(cls: type[Step]) -> type[Step]:
    STEP_TYPES[cls.type_name] = cls
    return cls


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
