"""The typed model of data/guide.yml: the single source of truth for every tabular fact.

Field-level rules live on the models (pydantic rejects unknown keys, wrong types, missing fields,
zero or negative minutes). Rules that span the file (unique ids, references that resolve,
segments that add up) live in `cross_check`, which returns (key path, message) pairs so the
loader can point at the line.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, field_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
               Field(description="Stable id: lowercase words joined by hyphens. Never reuse or renumber.")]
LevelId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*$"),
                    Field(description="A level id such as E5.")]
Minutes = Annotated[int, Field(gt=0, description="Whole minutes, greater than zero.")]
Text = Annotated[str, StringConstraints(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Level(Strict):
    id: LevelId
    name: Text = Field(description="Short label shown as a table column, e.g. 'E5'.")
    title: Text = Field(description="The usual title for the level, e.g. 'Senior'.")
    scope: Text = Field(description="The scope of work interviewers expect at this level.")


class Range(Strict):
    min: Annotated[int, Field(gt=0)]
    max: Annotated[int, Field(gt=0)]

    @field_validator("max")
    @classmethod
    def _max_not_below_min(cls, v, info):
        low = info.data.get("min")
        if low is not None and v < low:
            raise ValueError(f"max ({v}) is below min ({low})")
        return v

    def __str__(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}–{self.max}"


class Segment(Strict):
    name: Text
    minutes: Minutes
    round_type: Id | None = Field(None, description="The round type this segment is a piece of.")
    problems: Range | None = Field(None, description="How many problems, for a coding segment.")
    difficulty: Text | None = None
    approach: Id | None = Field(None, description="The approach whose steps fill this segment.")
    suggested: bool = Field(False, description="True when the minutes are this guide's suggestion, "
                                               "not a reported format.")


class StageFormat(Strict):
    levels: list[LevelId] = Field(min_length=1)
    segments: list[Segment] = Field(default_factory=list)
    rounds: dict[Id, Annotated[int, Field(gt=0)]] = Field(
        default_factory=dict, description="Onsite: number of rounds of each round type.")


class Stage(Strict):
    id: Id
    name: Text
    summary: Text
    minutes: Minutes | None = Field(None, description="Length of a timed stage; its segments must add up to it.")
    formats: list[StageFormat] = Field(min_length=1)


class RoundType(Strict):
    id: Id
    name: Text
    minutes: Minutes
    decides: Literal["bar", "level"] = Field(
        description="'bar': you must clear it to pass; 'level': how well you do sets the level.")
    environment: Text
    tests: Text = Field(description="What the round tests, in one sentence.")
    segments: list[Segment] = Field(min_length=1)


class Step(Strict):
    id: Id
    name: Text
    minutes: Minutes
    goal: Text = Field(description="What to do in this step, in one sentence.")


class Approach(Strict):
    id: Id
    name: Text
    round_type: Id
    per_problem: bool = Field(False, description="True when the steps repeat for each problem.")
    suggested: bool = False
    steps: list[Step] = Field(min_length=1)

    @property
    def total(self) -> int:
        return sum(s.minutes for s in self.steps)


class Resource(Strict):
    id: Id
    name: Text
    url: HttpUrl
    cost: Literal["free", "paid", "free-and-paid"]
    round_types: list[Id] = Field(default_factory=list, description="Round types it prepares you for.")
    use: Text = Field(description="What it is for, in one sentence.")

    @field_validator("url")
    @classmethod
    def _https(cls, v):
        if v.scheme != "https":
            raise ValueError("links must use https")
        return v


class Problem(Strict):
    name: Text
    url: HttpUrl
    premium: bool = False


class QuestionSet(Strict):
    id: Id
    name: Text
    size: Annotated[int, Field(gt=0)] | None = None
    resource: Id
    use: Text
    problems: list[Problem] = Field(default_factory=list)


class RoadmapStep(Strict):
    id: Id
    name: Text
    detail: Text
    topics: list[Text] = Field(default_factory=list)
    resource: Id | None = None
    question_set: Id | None = None


class Roadmap(Strict):
    id: Id
    name: Text
    steps: list[RoadmapStep] = Field(min_length=1)


class Signal(Strict):
    id: Id
    name: Text
    meaning: Text
    sample_question: Text


class Prompt(Strict):
    """An ML system design practice prompt, with the hints a practice card reveals on request."""
    id: Id
    name: Text
    ask: Text = Field(description="The prompt as an interviewer would say it.")
    framing: Text
    labels: Text
    features: list[Text] = Field(min_length=1)
    offline_metrics: list[Text] = Field(min_length=1)
    online_metrics: list[Text] = Field(min_length=1)
    serving: Text


class ChecklistItem(Strict):
    id: Id
    text: Text
    resource: Id | None = None


class Checklist(Strict):
    id: Id
    title: Text
    intro: Text
    items: list[ChecklistItem] = Field(min_length=1)


# -- practice tools: study-plan estimates and self-scoring rubrics (issue 8) --------------------

Hours = Annotated[float, Field(gt=0, le=500, multiple_of=0.25,
                               description="Hours, greater than zero, in quarter hours (0.5, 1, 2.5).")]


class CodingEstimate(Strict):
    step: Id = Field(description="A step of the coding roadmap named by plan_estimates.coding.roadmap.")
    hours: Hours | None = Field(None, description="Hours for the whole step (a step without topics).")
    hours_per_topic: Hours | None = Field(None, description="Hours for each of the step's topics.")
    priority: Literal[1, 2, 3] = Field(1, description="1: kept even on a short plan; 3: the first to drop.")
    label: Text | None = Field(None, description="Short name for this step's plan items; a step with topics "
                                                 "gives '<label>: <topic>'. Defaults to the step's name.")


class CodingEstimates(Strict):
    roadmap: Id = Field(description="The roadmap whose steps (and topics) make the coding part of a plan.")
    steps: list[CodingEstimate] = Field(min_length=1)


class DesignEstimates(Strict):
    approach: Id = Field(description="The approach whose steps are studied one by one.")
    hours_per_step: Hours = Field(description="Studying one step of the approach.")
    hours_per_prompt: Hours = Field(description="One practice prompt: aloud against the timer, then the hints.")


class BehavioralEstimates(Strict):
    hours_per_story: Hours = Field(description="Writing one story, trimming it and telling it aloud.")
    stories_per_signal: Annotated[int, Field(gt=0, le=5)] = Field(
        description="Stories to prepare for each signal area.")


class MockEstimates(Strict):
    hours_per_mock: Hours = Field(description="One mock round: setting it up, the round, the feedback.")
    per_round: Annotated[int, Field(gt=0, le=5)] = Field(
        description="Mock rounds per onsite round of that type at the reader's level.")


class PlanEstimates(Strict):
    """The study planner's effort estimates: this guide's estimates, not measurements."""
    note: Text = Field(description="Shown with the estimates: who they suit and that they are estimates.")
    chunk_hours: Hours = Field(description="The longest single plan item; longer tasks are split into parts.")
    coding: CodingEstimates
    design: DesignEstimates
    behavioral: BehavioralEstimates
    mocks: MockEstimates


class RubricBand(Strict):
    levels: list[LevelId] = Field(min_length=1)
    weak: Text
    solid: Text
    strong: Text


class RubricRow(Strict):
    step: Id | None = Field(None, description="The approach step this row scores (rubrics with an approach).")
    signal: Id | None = Field(None, description="The signal area this row scores (rubrics without one).")
    bands: list[RubricBand] = Field(min_length=1, description="What weak, solid and strong look like, "
                                                            "per group of levels; each level in exactly one band.")


class Rubric(Strict):
    id: Id
    name: Text
    round_type: Id
    approach: Id | None = Field(None, description="Rows score this approach's steps; without it, rows "
                                                   "score the behavioral signal areas.")
    intro: Text
    rows: list[RubricRow] = Field(min_length=1)


# -- the ML system design casebook (issue 15): one page per case under docs/cases/ ------------------

Count = Annotated[int, Field(gt=0, description="A number of candidates (items), greater than zero.")]


class CaseSource(Strict):
    """A published piece of engineering writing the case follows, confirmed to exist."""
    title: Text = Field(description="The exact title, as published.")
    publisher: Text = Field(description="Who published it: a company's engineering blog, a conference.")
    year: Annotated[int, Field(ge=1990, le=2100)] | None = Field(
        None, description="Year published; leave it out for an undated page, such as a help-centre article.")
    url: HttpUrl
    note: Text | None = Field(None, description="What the design takes from it, in a phrase.")

    @field_validator("url")
    @classmethod
    def _https(cls, v):
        if v.scheme != "https":
            raise ValueError("links must use https")
        return v


class FunnelStage(Strict):
    """One stage of a case's funnel: what it keeps, how it is trained and judged, and its budget."""
    name: Text = Field(description="Short stage name, e.g. 'Candidate generation'.")
    objective: Text = Field(description="What the stage optimises, in a phrase.")
    label: Text = Field(description="What it learns from (or 'none: rules' for a stage without a model).")
    metric: Text = Field(description="How the stage is judged offline.")
    candidates_in: Count
    candidates_out: Count
    latency_ms: Annotated[int, Field(gt=0, description="The stage's p99 latency budget, in whole milliseconds.")]


class Case(Strict):
    """A worked ML system design case; its page is docs/cases/<id>.md."""
    id: Id = Field(description="The page's file name without .md: docs/cases/<id>.md.")
    title: Text
    ask: Text = Field(description="The prompt in one sentence, as the interviewer says it.")
    difficulty: Literal["medium", "hard"] = Field(
        description="'medium': the standard funnel with one twist; 'hard': an unusual label, loss or constraint.")
    resembles: Text = Field(description="The company's product it resembles, e.g. 'Instagram Reels (Meta)'.")
    primary_metric: Text = Field(description="The one primary online metric the case fixes during requirements.")
    latency_ms: Annotated[int, Field(gt=0)] = Field(
        description="The end-to-end p99 budget agreed with the interviewer, in milliseconds. No stage's p99 may "
                    "exceed it; stage p99s are not added up (p99s do not add).")
    sources: list[CaseSource] = Field(default_factory=list, description="Published writing the design follows.")
    funnel: list[FunnelStage] = Field(min_length=2, description="The stages, in order, from the whole corpus "
                                                               "to what the reader sees.")


class Guide(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              title="MLE interview guide data",
                              json_schema_extra={"$comment": "Generated from macros/model.py; "
                                                 "run `scripts/test` or `python -m macros.cli schema`."})
    levels: list[Level] = Field(min_length=1)
    round_types: list[RoundType] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    approaches: list[Approach] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    question_sets: list[QuestionSet] = Field(default_factory=list)
    roadmaps: list[Roadmap] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    prompts: list[Prompt] = Field(default_factory=list)
    checklists: list[Checklist] = Field(default_factory=list)
    plan_estimates: PlanEstimates | None = Field(None, description="Effort estimates for the study planner.")
    rubrics: list[Rubric] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list, description="The ML system design casebook, in reading order.")

    # -- lookups used by the renderers -------------------------------------------------------
    def _find(self, items, ident, kind):
        for item in items:
            if item.id == ident:
                return item
        known = ", ".join(i.id for i in items) or "none"
        raise KeyError(f"unknown {kind} '{ident}' (known: {known})")

    def level(self, ident: str) -> Level:
        return self._find(self.levels, ident, "level")

    def round_type(self, ident: str) -> RoundType:
        return self._find(self.round_types, ident, "round type")

    def stage(self, ident: str) -> Stage:
        return self._find(self.stages, ident, "stage")

    def approach(self, ident: str) -> Approach:
        return self._find(self.approaches, ident, "approach")

    def resource(self, ident: str) -> Resource:
        return self._find(self.resources, ident, "resource")

    def question_set(self, ident: str) -> QuestionSet:
        return self._find(self.question_sets, ident, "question set")

    def roadmap(self, ident: str) -> Roadmap:
        return self._find(self.roadmaps, ident, "roadmap")

    def checklist(self, ident: str) -> Checklist:
        return self._find(self.checklists, ident, "checklist")

    def rubric(self, ident: str) -> Rubric:
        return self._find(self.rubrics, ident, "rubric")

    def case(self, ident: str) -> Case:
        return self._find(self.cases, ident, "case")

    def format_for(self, stage: Stage, level_id: str) -> StageFormat:
        for fmt in stage.formats:
            if level_id in fmt.levels:
                return fmt
        raise KeyError(f"stage '{stage.id}' has no format for level '{level_id}'")


def _duplicates(items, path: tuple, key: str = "id") -> Iterator[tuple[tuple, str]]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            yield path + (i, key), f"duplicate {key} '{value}' (first used at {path[-1]}[{seen[value]}])"
        else:
            seen[value] = i


def cross_check(guide: Guide) -> list[tuple[tuple, str]]:
    """Rules across the file. Returns (key path, message) pairs; empty when all is well."""
    out: list[tuple[tuple, str]] = []
    for name in ("levels", "round_types", "stages", "approaches", "resources", "question_sets",
                 "roadmaps", "signals", "prompts", "checklists", "rubrics", "cases"):
        out += _duplicates(getattr(guide, name), (name,))
    # checklist item ids are unique across all checklists: a tick is stored under the item id
    first: dict[str, tuple] = {}
    for c, cl in enumerate(guide.checklists):
        for i, item in enumerate(cl.items):
            if item.id in first:
                a, b = first[item.id]
                out.append((("checklists", c, "items", i, "id"),
                            f"duplicate checklist item id '{item.id}' (first used at "
                            f"checklists[{a}].items[{b}]); item ids must be unique across all checklists"))
            else:
                first[item.id] = (c, i)
    levels = {lv.id for lv in guide.levels}
    rtypes = {r.id for r in guide.round_types}
    approaches = {a.id: a for a in guide.approaches}
    resources = {r.id for r in guide.resources}
    qsets = {q.id for q in guide.question_sets}

    def ref(path, value, known, kind):
        if value is not None and value not in known:
            out.append((path, f"unknown {kind} '{value}' (known: {', '.join(sorted(known)) or 'none'})"))

    def check_segments(path, segments, total):
        for s, seg in enumerate(segments):
            p = path + ("segments", s)
            ref(p + ("round_type",), seg.round_type, rtypes, "round type")
            ref(p + ("approach",), seg.approach, approaches, "approach")
            if seg.approach in approaches:
                appr = approaches[seg.approach]
                times = seg.problems.min if (appr.per_problem and seg.problems) else 1
                if appr.total * times > seg.minutes:
                    out.append((p + ("minutes",),
                                f"the steps of approach '{appr.id}' take {appr.total} min"
                                f"{' per problem' if appr.per_problem else ''}, more than this "
                                f"{seg.minutes}-minute segment holds for {times} problem(s)"))
        if segments and total is not None:
            added = sum(seg.minutes for seg in segments)
            if added != total:
                out.append((path + ("segments",),
                            f"segments add up to {added} minutes but the stated length is {total}"))

    for r, rt in enumerate(guide.round_types):
        check_segments(("round_types", r), rt.segments, rt.minutes)
    for s, stage in enumerate(guide.stages):
        covered: Counter = Counter()
        for f, fmt in enumerate(stage.formats):
            p = ("stages", s, "formats", f)
            for lv_i, lv in enumerate(fmt.levels):
                ref(p + ("levels", lv_i), lv, levels, "level")
                covered[lv] += 1
            for rt in fmt.rounds:
                ref(p + ("rounds", rt), rt, rtypes, "round type")
            if stage.minutes is not None and not fmt.segments:
                out.append((p, f"stage '{stage.id}' is timed ({stage.minutes} min) but this format has no segments"))
            if stage.minutes is None and fmt.segments:
                out.append((p + ("segments",), f"stage '{stage.id}' has segments but no 'minutes' to check them against"))
            if not fmt.segments and not fmt.rounds:
                out.append((p, "a format needs segments (timed stage) or rounds (onsite)"))
            check_segments(p, fmt.segments, stage.minutes)
        for lv in guide.levels:
            if covered[lv.id] == 0:
                out.append((("stages", s, "formats"), f"no format for level '{lv.id}' in stage '{stage.id}'"))
            elif covered[lv.id] > 1:
                out.append((("stages", s, "formats"), f"level '{lv.id}' appears in more than one format of stage '{stage.id}'"))
    for a, appr in enumerate(guide.approaches):
        ref(("approaches", a, "round_type"), appr.round_type, rtypes, "round type")
        out += _duplicates(appr.steps, ("approaches", a, "steps"))
    for r, res in enumerate(guide.resources):
        for i, rt in enumerate(res.round_types):
            ref(("resources", r, "round_types", i), rt, rtypes, "round type")
    for q, qs in enumerate(guide.question_sets):
        ref(("question_sets", q, "resource"), qs.resource, resources, "resource")
    for m, rm in enumerate(guide.roadmaps):
        out += _duplicates(rm.steps, ("roadmaps", m, "steps"))
        for i, step in enumerate(rm.steps):
            ref(("roadmaps", m, "steps", i, "resource"), step.resource, resources, "resource")
            ref(("roadmaps", m, "steps", i, "question_set"), step.question_set, qsets, "question set")
    for c, cl in enumerate(guide.checklists):
        for i, item in enumerate(cl.items):
            ref(("checklists", c, "items", i, "resource"), item.resource, resources, "resource")
    out += _check_plan_estimates(guide)
    out += _check_rubrics(guide)
    out += _check_cases(guide)
    return out


def _count(n: int) -> str:
    return f"{n:,}"


def _check_cases(guide: Guide) -> list[tuple[tuple, str]]:
    """Each funnel narrows stage by stage: a stage keeps no more than it receives, and receives
    what the stage before kept. No stage's p99 budget exceeds the case's end-to-end p99."""
    out: list[tuple[tuple, str]] = []
    for c, case in enumerate(guide.cases):
        out += _duplicates(case.funnel, ("cases", c, "funnel"), key="name")
        for i, st in enumerate(case.funnel):
            p = ("cases", c, "funnel", i)
            if st.candidates_out > st.candidates_in:
                out.append((p + ("candidates_out",),
                            f"stage '{st.name}' keeps {_count(st.candidates_out)} candidates but receives only "
                            f"{_count(st.candidates_in)}; a funnel narrows stage by stage"))
            if i > 0:
                before = case.funnel[i - 1]
                if st.candidates_in != before.candidates_out:
                    out.append((p + ("candidates_in",),
                                f"stage '{st.name}' receives {_count(st.candidates_in)} candidates but the stage "
                                f"before it ('{before.name}') keeps {_count(before.candidates_out)}"))
            if st.latency_ms > case.latency_ms:
                out.append((p + ("latency_ms",),
                            f"stage '{st.name}' has a p99 budget of {st.latency_ms} ms, more than the case's "
                            f"end-to-end p99 of {case.latency_ms} ms"))
        first, last = case.funnel[0], case.funnel[-1]
        if last.candidates_out >= first.candidates_in:
            out.append((("cases", c, "funnel"),
                        f"the funnel of case '{case.id}' does not narrow: it starts with "
                        f"{_count(first.candidates_in)} candidates and ends with {_count(last.candidates_out)}"))
    return out


def _check_plan_estimates(guide: Guide) -> list[tuple[tuple, str]]:
    """Every step of the coding roadmap has exactly one estimate, in the unit its shape needs."""
    est = guide.plan_estimates
    if est is None:
        return []
    out: list[tuple[tuple, str]] = []
    path = ("plan_estimates",)
    roadmaps = {r.id: r for r in guide.roadmaps}
    approaches = {a.id for a in guide.approaches}
    if est.design.approach not in approaches:
        out.append((path + ("design", "approach"), f"unknown approach '{est.design.approach}' "
                    f"(known: {', '.join(sorted(approaches)) or 'none'})"))
    if not guide.prompts:
        out.append((path + ("design", "hours_per_prompt"), "the planner needs at least one entry in 'prompts'"))
    if not guide.signals:
        out.append((path + ("behavioral",), "the planner needs at least one entry in 'signals'"))
    rm = roadmaps.get(est.coding.roadmap)
    if rm is None:
        out.append((path + ("coding", "roadmap"), f"unknown roadmap '{est.coding.roadmap}' "
                    f"(known: {', '.join(sorted(roadmaps)) or 'none'})"))
        return out
    steps = {s.id: s for s in rm.steps}
    seen: dict[str, int] = {}
    for i, row in enumerate(est.coding.steps):
        p = path + ("coding", "steps", i)
        if row.step in seen:
            out.append((p + ("step",), f"duplicate step '{row.step}' (first at plan_estimates.coding.steps[{seen[row.step]}])"))
            continue
        seen[row.step] = i
        step = steps.get(row.step)
        if step is None:
            out.append((p + ("step",), f"unknown step '{row.step}' of roadmap '{rm.id}' "
                        f"(known: {', '.join(steps)})"))
            continue
        if step.topics and (row.hours_per_topic is None or row.hours is not None):
            out.append((p, f"step '{row.step}' has {len(step.topics)} topics: give 'hours_per_topic' (not 'hours')"))
        if not step.topics and (row.hours is None or row.hours_per_topic is not None):
            out.append((p, f"step '{row.step}' has no topics: give 'hours' for the whole step (not 'hours_per_topic')"))
    for s in rm.steps:
        if s.id not in seen:
            out.append((path + ("coding", "steps"), f"roadmap '{rm.id}' step '{s.id}' has no estimate; add one"))
    return out


def _check_rubrics(guide: Guide) -> list[tuple[tuple, str]]:
    """A rubric with an approach has one row per step of it; one without has one row per signal
    area; every row describes every level exactly once."""
    out: list[tuple[tuple, str]] = []
    rtypes = {r.id for r in guide.round_types}
    approaches = {a.id: a for a in guide.approaches}
    levels = [lv.id for lv in guide.levels]
    for r, rub in enumerate(guide.rubrics):
        p = ("rubrics", r)
        if rub.round_type not in rtypes:
            out.append((p + ("round_type",), f"unknown round type '{rub.round_type}' (known: {', '.join(sorted(rtypes))})"))
        if rub.approach is not None:
            appr = approaches.get(rub.approach)
            if appr is None:
                out.append((p + ("approach",), f"unknown approach '{rub.approach}' (known: {', '.join(sorted(approaches)) or 'none'})"))
                continue
            if appr.round_type != rub.round_type:
                out.append((p + ("approach",), f"approach '{appr.id}' is for round type '{appr.round_type}', "
                            f"not '{rub.round_type}'"))
            kind, expected = "step", [s.id for s in appr.steps]
            owner = f"approach '{appr.id}'"
        else:
            kind, expected = "signal", [s.id for s in guide.signals]
            owner = "signals"
        other = "signal" if kind == "step" else "step"
        seen: dict[str, int] = {}
        for i, row in enumerate(rub.rows):
            rp = p + ("rows", i)
            value = getattr(row, kind)
            if getattr(row, other) is not None or value is None:
                out.append((rp, f"each row of rubric '{rub.id}' names a '{kind}'"
                            f"{' (it has an approach)' if kind == 'step' else ' (it has no approach)'}, and only that"))
                continue
            if value in seen:
                out.append((rp + (kind,), f"duplicate {kind} '{value}' (first at rubrics[{r}].rows[{seen[value]}])"))
                continue
            seen[value] = i
            if value not in expected:
                out.append((rp + (kind,), f"unknown {kind} '{value}' in {owner} (known: {', '.join(expected)})"))
            count: Counter = Counter()
            for b, band in enumerate(row.bands):
                for j, lv in enumerate(band.levels):
                    if lv not in levels:
                        out.append((rp + ("bands", b, "levels", j), f"unknown level '{lv}' (known: {', '.join(levels)})"))
                    count[lv] += 1
            for lv in levels:
                if count[lv] != 1:
                    out.append((rp + ("bands",), f"level '{lv}' is described {count[lv]} times in this row; "
                                "each level needs exactly one band"))
        for want in expected:
            if want not in seen:
                out.append((p + ("rows",), f"rubric '{rub.id}' has no row for {kind} '{want}' of {owner}; "
                            "every one needs a row"))
    return out
