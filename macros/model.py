"""The typed model of data/guide.yml: the single source of truth for every tabular fact.

Field-level rules live on the models (pydantic rejects unknown keys, wrong types, missing fields,
zero or negative minutes). Rules that span the file (unique ids, references that resolve,
segments that add up) live in `cross_check`, which returns (key path, message) pairs so the
loader can point at the line.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timezone
from typing import Annotated, Iterator, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, field_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
               Field(description="Stable id: lowercase words joined by hyphens. Never reuse or renumber.")]
LevelId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*$"),
                    Field(description="A level id such as E5.")]
Minutes = Annotated[int, Field(gt=0, description="Whole minutes, greater than zero.")]
Text = Annotated[str, StringConstraints(min_length=1)]


class Strict(BaseModel):
    # strict: a value must already have its type (YAML `true` is not 1 minute, `"3"` is not 3)
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, strict=True,
                              allow_inf_nan=False)


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


Month = Annotated[str, StringConstraints(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$"),
                  Field(description="A month, as YYYY-MM.")]


class LeadershipPrinciple(Strict):
    id: Id
    name: Text = Field(description="The principle's exact name, as the source spells it.")
    meaning: Text = Field(description="What it asks of you, in one plain line of this guide's own words "
                                      "(not the source's text).")
    signals: list[Id] = Field(default_factory=list, description="The guide's signal areas (ids in "
                              "'signals') a story for this principle also covers; empty when none fits.")
    question: Text = Field(description="A question in the style commonly reported for this principle, in this "
                                       "guide's words, for practice.")


class LeadershipPrinciples(Strict):
    """A company's published list of principles (Amazon's Leadership Principles), with its source."""
    company: Text
    source: Text = Field(description="The source's name, e.g. the title of the company's page.")
    url: HttpUrl
    checked: Month = Field(description="The month the list was last checked against the source.")
    principles: list[LeadershipPrinciple] = Field(min_length=1)

    @field_validator("url")
    @classmethod
    def _https(cls, v):
        if v.scheme != "https":
            raise ValueError("links must use https")
        return v


class PrepSchedule(Strict):
    """When the preparation timeline books the interviews and how many mocks come before them:
    the numbers the coding and wrap-up chapters both quote."""
    roadmap: Id = Field(description="The week-by-week timeline these numbers belong to.")
    weeks: Annotated[int, Field(gt=0, le=52)] = Field(description="Length of the timeline, in weeks.")
    phone_screen_week: Annotated[int, Field(gt=0, le=52)] = Field(
        description="The week at whose end the timeline books the phone screen.")
    coding_mocks_before_phone_screen: Annotated[int, Field(ge=0, le=10)] = Field(
        description="Mock coding rounds with another person to do before the phone screen.")
    mock_week: Annotated[int, Field(gt=0, le=52)] = Field(
        description="The week given over to full mock rounds of every type, after the phone screen.")


class Prompt(Strict):
    """An ML system design practice prompt, with the hints a practice card reveals on request.

    `hints` maps each step the design rubric scores (its areas' steps) to one good answer for this
    prompt; cross_check refuses a prompt that lacks a hint for one of them."""
    id: Id
    name: Text
    ask: Text = Field(description="The prompt as an interviewer would say it.")
    difficulty: Literal["medium", "hard", "stretch"] = Field(
        description="medium: a classic prompt with a standard funnel; hard: one twist (delayed or missing "
                    "labels, two-sided effects, an adversary); stretch: several twists, or no standard design.")
    primary_metric: Text = Field(description="The one online metric the launch decision rests on: a single "
                                             "metric, not a list or a choice (no ';', ' or ', '/').")
    numbers: list[Text] = Field(min_length=2, description="The assumptions to estimate with (traffic, "
                                                          "corpus, rates), each with its number.")
    hints: dict[Id, Text] = Field(description="One hint per approach step the rubric scores, keyed by step id.")
    probes: list[Text] = Field(min_length=2, description="Questions an interviewer is likely to ask on this prompt.")
    e6_angle: Text = Field(description="What a staff-level answer adds on this prompt: the crux, a "
                                       "non-obvious failure, or a push back on the prompt.")


class ProbeQuestion(Strict):
    ask: Text = Field(description="The question, as a mock partner would ask it.")
    listen_for: Text = Field(description="What a good answer covers, in one or two sentences.")


class ProbeGroup(Strict):
    step: Id = Field(description="The step of the design approach these questions probe.")
    questions: list[ProbeQuestion] = Field(min_length=1)


class ProbingQuestions(Strict):
    """Questions a mock partner asks to probe a design, grouped by the step they probe."""
    approach: Id
    intro: Text
    groups: list[ProbeGroup] = Field(min_length=1)


class LatencyFigure(Strict):
    operation: Text
    exponent: Annotated[int, Field(ge=-10, le=1, description="The order of magnitude in seconds, "
                                   "rounded down: -7 means between 10^-7 s and 10^-6 s (100 ns to 1 µs).")]


class LatencyFigures(Strict):
    """Orders of magnitude to reason with, from a named source."""
    source: Text = Field(description="The source's name, as readers would search for it.")
    source_url: HttpUrl
    note: Text = Field(description="Shown under the table: what the figures are and are not.")
    rows: list[LatencyFigure] = Field(min_length=3)

    @field_validator("source_url")
    @classmethod
    def _https(cls, v):
        if v.scheme != "https":
            raise ValueError("links must use https")
        return v


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


class RubricArea(Strict):
    id: Id
    name: Text = Field(description="The area, as interviewers' written feedback names it.")
    steps: list[Id] = Field(min_length=1, description="The approach steps whose answers this area scores.")


class RubricRow(Strict):
    step: Id | None = Field(None, description="The approach step this row scores (rubrics with an approach "
                                              "and no areas).")
    area: Id | None = Field(None, description="The feedback area this row scores (rubrics with areas).")
    signal: Id | None = Field(None, description="The signal area this row scores (rubrics without an approach).")
    bands: list[RubricBand] = Field(min_length=1, description="What weak, solid and strong look like, "
                                                            "per group of levels; each level in exactly one band.")


class Rubric(Strict):
    id: Id
    name: Text
    round_type: Id
    approach: Id | None = Field(None, description="Rows score this approach's steps (or, with areas, the "
                                                   "areas that cover them); without it, rows score the "
                                                   "behavioral signal areas.")
    areas: list[RubricArea] = Field(default_factory=list, description="Feedback areas, each covering "
                                    "some steps of the approach; every step in exactly one area.")
    intro: Text
    rows: list[RubricRow] = Field(min_length=1)

    def scored_steps(self) -> list[str]:
        return [st for a in self.areas for st in a.steps]


# -- ML breadth questions with spaced review (issue 16) -----------------------------------------

def _words(text: str) -> int:
    return len(text.split())


class BreadthTopic(Strict):
    id: Id = Field(description="Also the page's file name: docs/breadth/<id>.md.")
    name: Text
    covers: Text = Field(description="What the topic covers, in one line (shown in the topics table).")


class BreadthQuestion(Strict):
    """One ML breadth question and what a strong two-minute answer to it contains."""
    id: Id = Field(description="Stable id, also the question's anchor on its topic page and its key "
                               "in a reader's saved review state: never rename or reuse one.")
    topic: Id = Field(description="A topic id from breadth_topics.")
    difficulty: Literal["core", "intermediate", "advanced"] = Field(
        description="core: asked of every candidate; intermediate: a follow-up; advanced: senior or specialist.")
    question: Text = Field(description="The question as an interviewer would ask it.")
    answer: Text = Field(description="What a strong two-minute answer contains: key points, a formula or "
                                     "number where one belongs, a trade-off. 60 to 150 words; `code` allowed.")
    why: Text = Field(description="Why interviewers ask it, in one or two sentences (at most 60 words).")
    wrong: Text = Field(description="The common wrong answer, in one or two sentences (at most 60 words).")

    @field_validator("answer")
    @classmethod
    def _answer_length(cls, v):
        n = _words(v)
        if not 60 <= n <= 150:
            raise ValueError(f"a model answer is 60 to 150 words (what a strong two-minute answer contains); "
                             f"this one has {n}")
        return v

    @field_validator("why", "wrong")
    @classmethod
    def _short(cls, v):
        n = _words(v)
        if n > 60:
            raise ValueError(f"at most 60 words; this has {n}")
        return v


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


# -- companies: level maps and loops, every fact with its sources and month (issue 13) ----------

ReportedMonth = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}$"),
                  Field(description="A month, YYYY-MM: when the fact was reported or last checked.")]


def this_month() -> str:
    """The build's month (UTC), YYYY-MM: a fact reported after it is refused."""
    return datetime.now(timezone.utc).strftime("%Y-%m")


def months_between(earlier: str, later: str) -> int:
    ey, em = (int(x) for x in earlier.split("-"))
    ly, lm = (int(x) for x in later.split("-"))
    return (ly - ey) * 12 + (lm - em)


class Source(Strict):
    """Where a fact comes from: a page (with its https link) or a named publication (a book, the
    guide's source draft), which has no link."""
    id: Id
    title: Text = Field(description="The title of the page, post or publication.")
    publisher: Text = Field(description="Who published it: a site, a company, an author.")
    url: HttpUrl | None = Field(None, description="https link; leave it out for a named publication.")

    @field_validator("url")
    @classmethod
    def _https(cls, v):
        if v is not None and v.scheme != "https":
            raise ValueError("links must use https")
        return v


class Sourced(Strict):
    """A reported fact: who reported it (one or more ids from `sources`) and when (a month).
    Every loop fact is one of these; a fact without both is refused."""
    sources: list[Id] = Field(min_length=1, description="Ids of entries in `sources`, one or more.")
    reported: ReportedMonth
    checked: bool = Field(False, description="True when the sources carry no date of their own and "
                                             "`reported` is the month this guide last read them.")

    @field_validator("reported")
    @classmethod
    def _real_month(cls, v):
        year, month = (int(x) for x in v.split("-"))
        if not 1 <= month <= 12:
            raise ValueError(f"'{v}' is not a month (YYYY-MM, month 01 to 12)")
        if year < 2000:
            raise ValueError(f"'{v}' is before 2000")
        now = this_month()
        if v > now:
            raise ValueError(f"'{v}' is in the future (this month is {now})")
        return v


RoundCount = Union[Annotated[int, Field(gt=0)], Range]


class LevelMap(Sourced):
    names: dict[LevelId, Text] = Field(description="The company's name for each of the guide's levels.")


class LoopRound(Strict):
    round_type: Id
    count: RoundCount | None = Field(None, description="How many rounds of this type: a number or {min, max}; "
                                                  "leave it out when the sources give no number.")
    minutes: RoundCount | None = Field(None, description="Length of each round, when it differs from the round type's.")
    note: Text | None = None


class LoopStage(Sourced):
    """One stage of a company's loop at some levels. With `stage`, its format (segments or rounds)
    is the one in `stages` for these levels; otherwise it lists its own `rounds`."""
    id: Id
    name: Text | None = Field(None, description="Defaults to the name of `stage`.")
    stage: Id | None = Field(None, description="A stage of `stages` whose format this is.")
    rounds: list[LoopRound] = Field(default_factory=list)
    minutes: RoundCount | None = Field(None, description="Length of a stage that is not made of rounds (an online assessment).")
    alternative_to: Id | None = Field(None, description="The id of the stage of this loop that this one "
                                                        "replaces in some loops.")
    note: Text | None = None


class CompanyLoop(Strict):
    levels: list[LevelId] = Field(min_length=1)
    stages: list[LoopStage] = Field(min_length=1)


class Environment(Sourced):
    round_types: list[Id] = Field(default_factory=list, description="The rounds it applies to; empty: all coding rounds.")
    editor: Text
    execution: Text
    ai_assistant: Text


class Decision(Sourced):
    who: Text = Field(description="Who decides: a hiring committee, a debrief, a Bar Raiser, the hiring manager.")
    detail: Text


class TeamMatching(Sourced):
    when: Literal["after-offer-decision", "before-or-after", "before-loop"] = Field(
        description="'after-offer-decision': team matching follows the hire decision; 'before-or-after': "
                    "both orders are reported; 'before-loop': you interview for a named team.")
    detail: Text


class CompanyNote(Sourced):
    text: Text


class Company(Strict):
    id: Id
    name: Text
    levels: LevelMap
    loops: list[CompanyLoop] = Field(min_length=1, description="Per group of the guide's levels: the stages.")
    environment: list[Environment] = Field(min_length=1)
    decides: Decision
    team_matching: TeamMatching
    notes: list[CompanyNote] = Field(default_factory=list, description="Other sourced facts shown on the card.")


class Guide(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, strict=True,
                              allow_inf_nan=False, title="MLE interview guide data",
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
    leadership_principles: LeadershipPrinciples | None = Field(
        None, description="Amazon's Leadership Principles, mapped to the signal areas.")
    schedule: PrepSchedule | None = Field(None, description="Interview dates and mock counts in the timeline.")
    probing_questions: ProbingQuestions | None = Field(None, description="Probing questions for mock "
                                                       "partners, by design step.")
    latency_figures: LatencyFigures | None = Field(None, description="Latency orders of magnitude for the "
                                                   "engineering primer.")
    breadth_topics: list[BreadthTopic] = Field(default_factory=list, description="ML breadth topics, in page order.")
    breadth: list[BreadthQuestion] = Field(default_factory=list, description="ML breadth questions with model answers.")
    cases: list[Case] = Field(default_factory=list, description="The ML system design casebook, in reading order.")
    sources: list[Source] = Field(default_factory=list, description="Where the companies' facts come from.")
    companies: list[Company] = Field(default_factory=list, description="Companies: level maps and loops, "
                                     "every fact with its sources and month.")

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

    def breadth_topic(self, ident: str) -> BreadthTopic:
        return self._find(self.breadth_topics, ident, "breadth topic")

    def case(self, ident: str) -> Case:
        return self._find(self.cases, ident, "case")

    def company(self, ident: str) -> Company:
        return self._find(self.companies, ident, "company")

    def source(self, ident: str) -> Source:
        return self._find(self.sources, ident, "source")

    def loop_for(self, company: Company, level_id: str) -> CompanyLoop:
        for loop in company.loops:
            if level_id in loop.levels:
                return loop
        raise KeyError(f"company '{company.id}' has no loop for level '{level_id}'")

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
                 "roadmaps", "signals", "prompts", "checklists", "rubrics", "breadth_topics", "breadth", "cases",
                 "sources", "companies"):
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
    out += _check_leadership_principles(guide)
    out += _check_schedule(guide)
    out += _check_prompts(guide)
    out += _check_probes(guide)
    out += _check_breadth(guide)
    out += _check_cases(guide)
    out += _check_companies(guide)
    return out


def _check_leadership_principles(guide: Guide) -> list[tuple[tuple, str]]:
    """Ids and names are unique; every signal a principle names exists."""
    lp = guide.leadership_principles
    if lp is None:
        return []
    out: list[tuple[tuple, str]] = []
    path = ("leadership_principles", "principles")
    out += _duplicates(lp.principles, path)
    out += _duplicates(lp.principles, path, key="name")
    signals = {s.id for s in guide.signals}
    for i, pr in enumerate(lp.principles):
        seen: set[str] = set()
        for j, sig in enumerate(pr.signals):
            p = path + (i, "signals", j)
            if sig not in signals:
                out.append((p, f"unknown signal '{sig}' (known: {', '.join(sorted(signals)) or 'none'})"))
            elif sig in seen:
                out.append((p, f"signal '{sig}' is listed twice for principle '{pr.id}'"))
            seen.add(sig)
    return out


def _check_schedule(guide: Guide) -> list[tuple[tuple, str]]:
    """The timeline exists and the weeks it names fall inside it, in order."""
    sch = guide.schedule
    if sch is None:
        return []
    out: list[tuple[tuple, str]] = []
    roadmaps = {r.id for r in guide.roadmaps}
    if sch.roadmap not in roadmaps:
        out.append((("schedule", "roadmap"), f"unknown roadmap '{sch.roadmap}' "
                    f"(known: {', '.join(sorted(roadmaps)) or 'none'})"))
    for key in ("phone_screen_week", "mock_week"):
        if getattr(sch, key) > sch.weeks:
            out.append((("schedule", key), f"week {getattr(sch, key)} is after the end of the "
                        f"{sch.weeks}-week timeline"))
    if sch.mock_week <= sch.phone_screen_week:
        out.append((("schedule", "mock_week"), f"the mock week ({sch.mock_week}) must come after the phone "
                    f"screen (week {sch.phone_screen_week}); mocks before the phone screen are "
                    "coding_mocks_before_phone_screen"))
    return out


def _check_breadth(guide: Guide) -> list[tuple[tuple, str]]:
    """Every question names a known topic, and every topic has at least one question."""
    out: list[tuple[tuple, str]] = []
    topics = [t.id for t in guide.breadth_topics]
    used: Counter = Counter()
    for i, q in enumerate(guide.breadth):
        if q.topic not in topics:
            out.append((("breadth", i, "topic"), f"unknown breadth topic '{q.topic}' "
                        f"(known: {', '.join(topics) or 'none'})"))
        used[q.topic] += 1
    for t, topic in enumerate(guide.breadth_topics):
        if not used[topic.id]:
            out.append((("breadth_topics", t), f"breadth topic '{topic.id}' has no questions; "
                        "add one to 'breadth' or remove the topic"))
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


def sourced_facts(guide: Guide) -> Iterator[tuple[tuple, str, Sourced]]:
    """Every sourced fact of the companies: (key path, what it is, the fact)."""
    for c, co in enumerate(guide.companies):
        p = ("companies", c)
        yield p + ("levels",), f"{co.name}: level names", co.levels
        for lp, loop in enumerate(co.loops):
            for s, st in enumerate(loop.stages):
                name = st.name or st.stage or st.id
                yield (p + ("loops", lp, "stages", s), f"{co.name} {'/'.join(loop.levels)}: {name}", st)
        for e, env in enumerate(co.environment):
            yield p + ("environment", e), f"{co.name}: coding environment", env
        yield p + ("decides",), f"{co.name}: who decides", co.decides
        yield p + ("team_matching",), f"{co.name}: team matching", co.team_matching
        for n, note in enumerate(co.notes):
            yield p + ("notes", n), f"{co.name}: note", note


def _check_companies(guide: Guide) -> list[tuple[tuple, str]]:
    """Sources exist; level maps and loops cover every level once; references resolve; every stage
    of `stages` is part of some company's loop (which gives it its sources)."""
    out: list[tuple[tuple, str]] = []
    sources = {s.id for s in guide.sources}
    levels = [lv.id for lv in guide.levels]
    rtypes = {r.id for r in guide.round_types}
    stages = {s.id: s for s in guide.stages}
    used_stages: set[str] = set()
    used_sources: set[str] = set()
    for path, _what, fact in sourced_facts(guide):
        for i, sid in enumerate(fact.sources):
            used_sources.add(sid)
            if sid not in sources:
                out.append((path + ("sources", i), f"unknown source '{sid}' (known: {', '.join(sorted(sources)) or 'none'})"))
    for c, co in enumerate(guide.companies):
        p = ("companies", c)
        for lv in levels:
            if lv not in co.levels.names:
                out.append((p + ("levels", "names"), f"no name for level '{lv}' in {co.name}'s level map"))
        for lv in co.levels.names:
            if lv not in levels:
                out.append((p + ("levels", "names", lv), f"unknown level '{lv}' (known: {', '.join(levels)})"))
        covered: Counter = Counter()
        for lp, loop in enumerate(co.loops):
            lpath = p + ("loops", lp)
            for i, lv in enumerate(loop.levels):
                if lv not in levels:
                    out.append((lpath + ("levels", i), f"unknown level '{lv}' (known: {', '.join(levels)})"))
                covered[lv] += 1
            ids = [st.id for st in loop.stages]
            out += _duplicates(loop.stages, lpath + ("stages",))
            for s, st in enumerate(loop.stages):
                sp = lpath + ("stages", s)
                if st.stage is not None:
                    if st.stage not in stages:
                        out.append((sp + ("stage",), f"unknown stage '{st.stage}' (known: {', '.join(stages)})"))
                    else:
                        used_stages.add(st.stage)
                        if st.rounds:
                            out.append((sp + ("rounds",), f"a stage that uses stages.{st.stage} takes its rounds from there; "
                                        "remove 'rounds'"))
                        fmts = {id(f) for f in stages[st.stage].formats for lv in loop.levels if lv in f.levels}
                        if len(fmts) > 1:
                            out.append((sp + ("stage",), f"stage '{st.stage}' has different formats for levels "
                                        f"{', '.join(loop.levels)}; split this loop by level"))
                elif st.name is None:
                    out.append((sp, "a stage needs a 'name' (or a 'stage' from `stages` to take it from)"))
                if st.stage is None and not st.rounds and st.minutes is None and st.note is None:
                    out.append((sp, "a stage needs 'rounds', 'minutes' or a 'note' saying what happens in it"))
                for r, rd in enumerate(st.rounds):
                    if rd.round_type not in rtypes:
                        out.append((sp + ("rounds", r, "round_type"), f"unknown round type '{rd.round_type}' "
                                    f"(known: {', '.join(sorted(rtypes))})"))
                if st.alternative_to is not None and (st.alternative_to not in ids or st.alternative_to == st.id):
                    out.append((sp + ("alternative_to",), f"'{st.alternative_to}' is not another stage of this loop "
                                f"(stages: {', '.join(ids)})"))
        for lv in levels:
            if covered[lv] == 0:
                out.append((p + ("loops",), f"no loop for level '{lv}' at {co.name}"))
            elif covered[lv] > 1:
                out.append((p + ("loops",), f"level '{lv}' is in more than one loop of {co.name}"))
        for e, env in enumerate(co.environment):
            for i, rt in enumerate(env.round_types):
                if rt not in rtypes:
                    out.append((p + ("environment", e, "round_types", i), f"unknown round type '{rt}' "
                                f"(known: {', '.join(sorted(rtypes))})"))
    if guide.companies:
        for s, stage in enumerate(guide.stages):
            if stage.id not in used_stages:
                out.append((("stages", s), f"stage '{stage.id}' is in no company's loop, so nothing gives its "
                            "sources and month: use it in a loop (companies[].loops[].stages[].stage)"))
    for s, src in enumerate(guide.sources):
        if src.id not in used_sources:
            out.append((("sources", s, "id"), f"source '{src.id}' is cited by no fact; remove it or cite it"))
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
    """A rubric with an approach has one row per step of it, or, when it has areas, one row per
    area, with every step of the approach in exactly one area; one without an approach has one row
    per signal area; every row describes every level exactly once."""
    out: list[tuple[tuple, str]] = []
    rtypes = {r.id for r in guide.round_types}
    approaches = {a.id: a for a in guide.approaches}
    levels = [lv.id for lv in guide.levels]
    for r, rub in enumerate(guide.rubrics):
        p = ("rubrics", r)
        if rub.round_type not in rtypes:
            out.append((p + ("round_type",), f"unknown round type '{rub.round_type}' (known: {', '.join(sorted(rtypes))})"))
        if rub.areas and rub.approach is None:
            out.append((p + ("areas",), f"rubric '{rub.id}' has areas but no approach whose steps they cover"))
            continue
        if rub.approach is not None:
            appr = approaches.get(rub.approach)
            if appr is None:
                out.append((p + ("approach",), f"unknown approach '{rub.approach}' (known: {', '.join(sorted(approaches)) or 'none'})"))
                continue
            if appr.round_type != rub.round_type:
                out.append((p + ("approach",), f"approach '{appr.id}' is for round type '{appr.round_type}', "
                            f"not '{rub.round_type}'"))
            steps = [s.id for s in appr.steps]
            if rub.areas:
                out += _duplicates(rub.areas, p + ("areas",))
                covered: dict[str, str] = {}
                for a, area in enumerate(rub.areas):
                    for j, st in enumerate(area.steps):
                        ap = p + ("areas", a, "steps", j)
                        if st not in steps:
                            out.append((ap, f"unknown step '{st}' in approach '{appr.id}' (known: {', '.join(steps)})"))
                        elif st in covered:
                            out.append((ap, f"step '{st}' is already scored by area '{covered[st]}'; "
                                        "each step belongs to exactly one area"))
                        else:
                            covered[st] = area.id
                for st in steps:
                    if st not in covered:
                        out.append((p + ("areas",), f"step '{st}' of approach '{appr.id}' is in no area of "
                                    f"rubric '{rub.id}'; every step needs one"))
                kind, expected = "area", [a.id for a in rub.areas]
                owner = f"the areas of rubric '{rub.id}'"
            else:
                kind, expected = "step", steps
                owner = f"approach '{appr.id}'"
        else:
            kind, expected = "signal", [s.id for s in guide.signals]
            owner = "signals"
        others = [k for k in ("step", "area", "signal") if k != kind]
        why = {"step": " (it has an approach)", "area": " (it has areas)", "signal": " (it has no approach)"}[kind]
        seen: dict[str, int] = {}
        for i, row in enumerate(rub.rows):
            rp = p + ("rows", i)
            value = getattr(row, kind)
            if any(getattr(row, o) is not None for o in others) or value is None:
                out.append((rp, f"each row of rubric '{rub.id}' names a '{kind}'{why}, and only that"))
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


ONE_METRIC = re.compile(r";|\s/\s|/|\bor\b", re.I)


def _check_prompts(guide: Guide) -> list[tuple[tuple, str]]:
    """Every prompt has a hint for each step a design rubric scores (and no hint for a step that
    does not exist), and names one primary metric."""
    out: list[tuple[tuple, str]] = []
    approaches = {a.id: a for a in guide.approaches}
    scored: list[str] = []
    known: set[str] = set()
    owner = ""
    for rub in guide.rubrics:
        if rub.areas and rub.approach in approaches:
            scored += [st for st in rub.scored_steps() if st not in scored]
            known |= {s.id for s in approaches[rub.approach].steps}
            owner = owner or f"rubric '{rub.id}'"
    for i, pr in enumerate(guide.prompts):
        p = ("prompts", i)
        for st in scored:
            if st not in pr.hints:
                out.append((p + ("hints",), f"prompt '{pr.id}' has no hint for step '{st}', which {owner} "
                            "scores; every scored step needs one"))
        for st in pr.hints:
            if known and st not in known:
                out.append((p + ("hints", st), f"unknown step '{st}' (known: {', '.join(scored)})"))
        m = ONE_METRIC.search(pr.primary_metric)
        if m:
            out.append((p + ("primary_metric",), f"the primary metric of prompt '{pr.id}' must be one metric, "
                        f"not a list or a choice (found '{m.group(0).strip()}'); move the others to the "
                        "evaluation hint"))
    return out


def _check_probes(guide: Guide) -> list[tuple[tuple, str]]:
    pq = guide.probing_questions
    if pq is None:
        return []
    out: list[tuple[tuple, str]] = []
    appr = next((a for a in guide.approaches if a.id == pq.approach), None)
    if appr is None:
        return [(("probing_questions", "approach"), f"unknown approach '{pq.approach}' "
                 f"(known: {', '.join(a.id for a in guide.approaches) or 'none'})")]
    steps = [s.id for s in appr.steps]
    seen: dict[str, int] = {}
    for g, group in enumerate(pq.groups):
        gp = ("probing_questions", "groups", g, "step")
        if group.step not in steps:
            out.append((gp, f"unknown step '{group.step}' in approach '{appr.id}' (known: {', '.join(steps)})"))
        elif group.step in seen:
            out.append((gp, f"duplicate step '{group.step}' (first at probing_questions.groups[{seen[group.step]}])"))
        else:
            seen[group.step] = g
    return out
