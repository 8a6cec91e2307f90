"""Pure functions over a learner's progress in one module version."""

from dataclasses import dataclass

from ..content.model import Module


@dataclass(frozen=True)
class Progress:
    done: frozenset[str]
    total: int
    done_count: int

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0


def module_progress(module: Module, done_step_ids: set[str]) -> Progress:
    """Progress counts only steps this module version has: ids of removed steps are ignored."""
    done = frozenset(step.id for step in module.steps if step.id in done_step_ids)
    return Progress(done=done, total=len(module.steps), done_count=len(done))


def is_complete(module: Module, done_step_ids: set[str]) -> bool:
    return module.required_step_ids <= set(done_step_ids)


def resume_step_id(module: Module, current_step_id: str | None, done_step_ids: set[str]) -> str:
    """Where a returning learner lands: their current step if this version still has it, else the first step not done."""
    if current_step_id and module.step(current_step_id):
        return current_step_id
    for step in module.steps:
        if step.id not in done_step_ids:
            return step.id
    return module.steps[-1].id


def neighbours(module: Module, step_id: str) -> tuple[str | None, str | None]:
    position = module.position(step_id)
    previous_id = module.steps[position - 1].id if position > 0 else None
    next_id = module.steps[position + 1].id if position + 1 < len(module.steps) else None
    return previous_id, next_id


def scenario_path_after(path: list[list[str]], node_id: str, choice_id: str) -> list[list[str]]:
    """The path with a choice made at ``node_id``: choices made after that node are dropped."""
    kept = []
    for made_node, made_choice in path:
        if made_node == node_id:
            break
        kept.append([made_node, made_choice])
    return [*kept, [node_id, choice_id]]
