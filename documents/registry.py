"""What each kind of document is made of, and who may read it.

Apps register their kinds in their AppConfig.ready(), so that `documents` never imports them:

    registry.register("minutes", build=build_minutes_pdf, can_view=can_view_minutes_pdf)

`build(object_id) -> (template_name, context)`; `can_view(user, document) -> bool`, given the
GeneratedDocument itself: who may read a file depends on which edition of its object it is
(a summary's preview or a withdrawn edition is not public even while the summary is).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    build: Callable[[int], tuple[str, dict]]
    can_view: Callable[[object, object], bool]


_kinds: dict[str, Kind] = {}


def readers_of(model) -> Callable[[object, object], bool]:
    """The reader rule of a file that is no more secret than its object: whoever may see the
    object (`model.objects.visible_to(user)`, the app's one access rule) may read the file."""

    def can_view(user, document) -> bool:
        return model.objects.visible_to(user).filter(pk=document.object_id).exists()

    return can_view


def register(name: str, *, build, can_view) -> None:
    _kinds[name] = Kind(build=build, can_view=can_view)


def get(name: str) -> Kind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"no document kind {name!r} is registered") from None
