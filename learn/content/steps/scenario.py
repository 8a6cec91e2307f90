"""Scenario: a branching practice situation ending in a debrief.

The learner chooses what the professional does; each choice shows its consequence
and may lead to another node. A node without choices, or a choice without
``next``, ends the scenario.
"""

from collections import deque
from dataclasses import dataclass

from marshmallow import ValidationError, fields, validates, validates_schema

from ..fields import Identifier, Markdown, StrictSchema, unique_ids
from ..model import Step
from . import register
from .base import StepSchema

# Enough for any scenario a person can play through; a larger graph is cut off here, not enumerated for ever.
MAX_ROUTES = 10_000


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    consequence: str
    next: str | None


@dataclass(frozen=True)
class ScenarioNode:
    id: str
    text: str
    choices: tuple[Choice, ...]
    persona: str | None = None  # who speaks here: the players show their portrait beside the text

    @property
    def is_end(self) -> bool:
        return not self.choices


@dataclass(frozen=True)
class ScenarioWalk:
    taken: tuple[tuple[ScenarioNode, Choice], ...]
    current: ScenarioNode | None
    finished: bool


class ChoiceSchema(StrictSchema):
    id = Identifier(required=True)
    label = fields.String(required=True)
    consequence = Markdown(required=True)
    next = Identifier(load_default=None)


class NodeSchema(StrictSchema):
    id = Identifier(required=True)
    text = Markdown(required=True)
    persona = Identifier(load_default=None)
    choices = fields.List(fields.Nested(ChoiceSchema), load_default=list)

    @validates("choices")
    def distinct(self, value, **kwargs):
        unique_ids(value, "choice")
        if len(value) == 1:
            raise ValidationError("a decision needs at least two choices (or none, to end the scenario)")


@register
@dataclass(frozen=True, kw_only=True)
class ScenarioStep(Step):
    type_name = "scenario"
    template = "steps/scenario.html"

    start: str
    nodes: tuple[ScenarioNode, ...]
    debrief: str
    persona: str | None = None

    class Schema(StepSchema):
        persona = Identifier(load_default=None)
        start = Identifier(load_default=None)
        nodes = fields.List(fields.Nested(NodeSchema), required=True, validate=lambda n: len(n) > 0)
        debrief = Markdown(required=True)

        @validates("nodes")
        def distinct(self, value, **kwargs):
            unique_ids(value, "node")

        @validates_schema
        def links(self, data, **kwargs):
            node_ids = {node["id"] for node in data["nodes"]}
            start = data.get("start") or data["nodes"][0]["id"]
            if start not in node_ids:
                raise ValidationError({"start": [f"start node '{start}' does not exist"]})
            for n, node in enumerate(data["nodes"]):
                for c, choice in enumerate(node["choices"]):
                    if choice["next"] is not None and choice["next"] not in node_ids:
                        raise ValidationError(
                            {
                                "nodes": {
                                    n: {
                                        "choices": {
                                            c: {
                                                "next": [
                                                    f"choice '{choice['id']}' leads to node '{choice['next']}', which does not exist"
                                                ]
                                            }
                                        }
                                    }
                                }
                            }
                        )
            reached = _reachable(start, data["nodes"])
            for n, node in enumerate(data["nodes"]):
                if node["id"] not in reached:
                    raise ValidationError(
                        {"nodes": {n: {"id": [f"node '{node['id']}' cannot be reached from '{start}'"]}}}
                    )
            finishing = _can_finish(data["nodes"])
            if start not in finishing:
                raise ValidationError(
                    {
                        "nodes": [
                            f"no end can be reached from the start node '{start}', so no learner can finish: "
                            "give a node no choices, or a choice no 'next'"
                        ]
                    }
                )
            for n, node in enumerate(data["nodes"]):
                if node["id"] not in finishing:
                    raise ValidationError(
                        {
                            "nodes": {
                                n: {
                                    "id": [
                                        f"no end can be reached from node '{node['id']}': a learner who gets here "
                                        "can never finish; let one of its choices lead to an end"
                                    ]
                                }
                            }
                        }
                    )

    @classmethod
    def convert(cls, values: dict) -> dict:
        values["start"] = values.get("start") or values["nodes"][0]["id"]
        values["nodes"] = tuple(
            ScenarioNode(n["id"], n["text"], tuple(Choice(**c) for c in n["choices"]), n["persona"])
            for n in values["nodes"]
        )
        return values

    def node(self, node_id: str) -> ScenarioNode | None:
        return next((node for node in self.nodes if node.id == node_id), None)

    def choice(self, node_id: str, choice_id: str) -> Choice | None:
        node = self.node(node_id)
        return next((c for c in node.choices if c.id == choice_id), None) if node else None

    def walk(self, path) -> "ScenarioWalk":
        """Follow the learner's choices from the start; a choice that no longer fits ends the walk."""
        taken, node = [], self.node(self.start)
        for node_id, choice_id in path or ():
            choice = self.choice(node_id, choice_id) if node and node.id == node_id else None
            if choice is None:
                break
            taken.append((node, choice))
            node = self.node(choice.next) if choice.next else None
        finished = node is None or node.is_end
        return ScenarioWalk(tuple(taken), node, finished)

    def routes(self) -> tuple[ScenarioWalk, ...]:
        """Every way through from the start to an end that visits no node twice (at most ``MAX_ROUTES``)."""
        found: list[ScenarioWalk] = []

        def follow(node: ScenarioNode, taken: tuple, visited: frozenset) -> None:
            if node.is_end:
                found.append(ScenarioWalk(taken, node, True))
                return
            for choice in node.choices:
                if len(found) >= MAX_ROUTES:
                    return
                if choice.next is None:
                    found.append(ScenarioWalk((*taken, (node, choice)), None, True))
                elif choice.next not in visited:
                    follow(self.node(choice.next), (*taken, (node, choice)), visited | {choice.next})

        follow(self.node(self.start), (), frozenset({self.start}))
        return tuple(found)

    def references(self):
        if self.persona:
            yield ("persona",), "persona", self.persona
        for index, node in enumerate(self.nodes):
            if node.persona:
                yield ("nodes", str(index), "persona"), "persona", node.persona

    @property
    def decision_points(self) -> int:
        return sum(1 for node in self.nodes if not node.is_end)

    @property
    def fewest_decisions_to_end(self) -> int:
        """The number of choices on the shortest way through: every learner makes at least this many."""
        depth = {self.start: 0}
        queue = deque([self.start])
        while queue:
            node = self.node(queue.popleft())
            if node.is_end:
                return depth[node.id]
            for choice in node.choices:
                if choice.next is None:
                    return depth[node.id] + 1
                if choice.next not in depth:
                    depth[choice.next] = depth[node.id] + 1
                    queue.append(choice.next)
        return 0

    def counts(self):
        return {"scenario decision points": self.decision_points}


def _can_finish(nodes: list[dict]) -> set[str]:
    """The nodes from which some path of choices reaches an end (a node without choices, or a choice without next)."""
    finishing = {
        node["id"] for node in nodes if any(choice["next"] is None for choice in node["choices"]) or not node["choices"]
    }
    grew = True
    while grew:
        grew = False
        for node in nodes:
            if node["id"] not in finishing and any(choice["next"] in finishing for choice in node["choices"]):
                finishing.add(node["id"])
                grew = True
    return finishing


def _reachable(start: str, nodes: list[dict]) -> set[str]:
    by_id = {node["id"]: node for node in nodes}
    seen, queue = {start}, deque([start])
    while queue:
        for choice in by_id[queue.popleft()]["choices"]:
            if choice["next"] and choice["next"] not in seen:
                seen.add(choice["next"])
                queue.append(choice["next"])
    return seen
