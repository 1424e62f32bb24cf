"""The stance cues of LABELLING.md as data: what a phrase says about a nation's stance.

Each cue is a pattern on the lower-cased, folded sentence, the stance it signals, a weight, and
where its holder stands: before it (the subject: "Poland will not send") or after it (a passive
or an enumeration: "led by France and Britain", "openly unwilling countries, notably Hungary").
Negation flips a cue to `negated` ("not ready to send" → skeptical; "does not rule out" →
undecided). Cues are meanings, not wordings from any one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from muster.domain import Stance
from muster.ingest.prefilter import required

L, W, C, U, S, O = (  # noqa: E741  (one letter per stance keeps the table readable)
    Stance.LEAD,
    Stance.WILLING,
    Stance.CONDITIONAL,
    Stance.UNDECIDED,
    Stance.SKEPTICAL,
    Stance.OPPOSED,
)


@dataclass(frozen=True, slots=True)
class Cue:
    name: str
    pattern: re.Pattern[str]
    stance: Stance
    weight: float = 1.0
    after: bool = False  # the holder follows the cue
    negated: Stance | None = None  # the stance when negated; None: a negated cue says nothing
    keys: frozenset[str] | None = None  # one of these is in every match (None: always run)


def _cue(
    name: str,
    rx: str,
    stance: Stance,
    weight: float = 1.0,
    *,
    after: bool = False,
    negated: Stance | None = None,
) -> Cue:
    pattern = re.compile(rx)
    return Cue(name, pattern, stance, weight, after, negated, required(pattern))


# contributing to the force: send, deploy, contribute ...
SEND = (
    r"(?:send(?:ing)?|deploy(?:ing)?|contribut(?:e|ing)|provid(?:e|ing)|put(?:ting)?|"
    r"station(?:ing)?|commit(?:ting)?|join(?:ing)?|participat(?:e|ing)|take part|taking part|"
    r"dispatch(?:ing)?|offer(?:ing)?|supply(?:ing)?|lead(?:ing)?|base|basing|secur(?:e|ing)|"
    r"patrol(?:ling)?|guard(?:ing)?|monitor(?:ing)?|protect(?:ing)?|form(?:ing)?)"
)
FORCE = (
    r"(?:coalition|force|forces|mission|troops|soldiers|peacekeep\w*|contingent|deployment|"
    r"initiative|effort|efforts|operation|group|plan|summit|meeting|talks)"
)
# any form of a verb of contributing, and what is contributed: for the weakest cue
# (present and future forms only: "sent troops to Lebanon for decades", "North Korea deployed
# soldiers" are facts about the past, not a stance on the force; pledges are, in any tense)
SEND_ANY = (
    r"(?:send|sends|sending|deploy|deploys|deploying|contribut(?:e|es|ing)|provid(?:e|es|ing)|"
    r"put|puts|putting|station|stations|stationing|commit(?:s|ted|ting)?|dispatch(?:es|ing)?|"
    r"join|joins|joining|participat(?:e|es|ing) in|tak(?:e|es|ing) part in|be part of|"
    r"offer(?:s|ed|ing)?|pledg(?:e|es|ed|ing)|promis(?:e|es|ed|ing))"
)
TROOPS = (
    r"(?:troops|soldiers|servicemen|personnel|peacekeepers|boots|contingents?|forces?|"
    r"units|brigades?|battalions?|coalition|mission|reassurance force|peacekeeping force)"
)
NEG = r"(?:not|cannot|never|no|n't|neither|nor|without|hardly|refus\w*|declin\w*)"
# leadership or participation wanted from a nation, or missing, is not the nation's ("a lack
# of leadership from Germany", "wants participation from the United States")
WANTED = (
    r"(?<!lack of )(?<!absence of )(?<!\bno )(?<!without )(?<!wants )(?<!want )"
    r"(?<!calls for )(?<!called for )(?<!urged )(?<!urges )(?<!asked for )"
)

CUES: tuple[Cue, ...] = (
    # lead: convenes, hosts, co-chairs, leads, organises
    _cue(
        "led by",
        # a delegation or team led by its head is not the coalition led; "led by example" no one
        r"(?<!delegation )(?<!delegations )(?<!team )\b(?:co-)?(?:led|headed|spearheaded|chaired|"
        r"hosted|convened|invited|organi[sz]ed|initiated|championed|arranged|announced|launched|"
        r"founded|called|"
        r"set up|put together|brought together|pushed|driven|steered|rallied|masterminded|"
        r"pioneered|orchestrated|coordinated)(?:\s+\w+ly)?(?:\s+(?:in|on|at)\s+[\w']+)?\s+by\b"
        r"(?!\s+example)|"
        r"\bat the invitation of\b",
        L,
        2.0,
        after=True,
    ),
    # forming the coalition, its founders named after: "formed last March by the UK and France"
    # (not "formed by European nations after ... the United States": a class, not states)
    _cue(
        "formed by",
        r"\b(?:formed|created|established)(?:\s+(?:last|in|on|this|earlier)(?:\s+[\w']+){1,2}?)?"
        r"\s+by\b(?!\s+(?:the\s+)?(?:[\w-]+\s+)?(?:nations|countries|states|allies|leaders|"
        r"members|partners|governments|troops|soldiers)\b)",
        L,
        2.0,
        after=True,
    ),
    # leading a task of the force (monitoring the truce) is contributing to it, not leading the
    # coalition: "a U.S.-led system to monitor any ceasefire", "the US would lead the
    # truce-monitoring mechanism"
    _cue(
        "leads the monitoring",
        r"(?<=[\w.])-led\s+(?:[\w-]+\s+){0,2}?(?:monitoring|mechanism|system|surveillance|"
        r"verification)\b|\b(?:lead|leads|leading|to lead)\s+(?:a|the|any)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:[\w-]*monitoring|verification|surveillance)(?:\s+(?:mechanism|system|mission))?\b",
        W,
        1.6,
    ),
    # a role given by the article's voice: "participation from the United States", "President
    # Trump's commitment to providing security guarantees"
    # signing the coalition's declaration is willing (LABELLING: "signed a declaration of
    # intent"): "the declaration signed in Paris by the leaders of Britain and France"
    _cue(
        "signed by",
        r"\b(?:declaration|letter|statement) of intent\b[^.;]{0,80}?\bsigned\s+(?:in\s+[\w']+\s+)?"
        r"by\b(?:\s+the\s+(?:leaders|heads of (?:state|government)|representatives|"
        r"ministers) of)?",
        W,
        1.4,
        after=True,
    ),
    _cue(
        "participation from",
        WANTED + r"\bparticipation (?:from|by)\b",
        W,
        1.2,
        after=True,
    ),
    _cue(
        "X's commitment to",
        r"(?<=\w)['\u2019]s\s+(?:\w+\s+)?(?:commitment|pledge|promise|offer|readiness|"
        r"willingness) to\s+(?:provid|send|deploy|contribut|join|tak|offer|back|guarantee)\w*",
        W,
        1.4,
    ),
    # "a US-led monitoring mechanism" is the task's lead ("leads the monitoring"), not the force's
    _cue(
        "X-led",
        r"(?<=\w)-led\b(?!\s+(?:[\w-]+\s+){0,2}?(?:monitoring|mechanism|system|surveillance|"
        r"verification)\b)",
        L,
        1.5,
    ),
    # a pledge named with its givers after it: "troops pledged by France and Britain"
    _cue(
        "pledged by",
        r"\b(?:pledged|promised|committed|offered)\s+by\b",
        W,
        1.4,
        after=True,
    ),
    # drawing up the force's plan is leading it: "Paris and London presented a draft peace
    # plan including ... deploying soldiers" (a plan about the force, not any plan)
    _cue(
        "drew up the plan",
        r"\b(?:(?:present(?:s|ed|ing)?|develop(?:s|ed|ing)?|unveil(?:s|ed|ing)?|"
        r"devis(?:es|ed|ing))\s+(?:a|the|their|its|a joint)\s+|"
        r"(?:drew|drawn|drawing|draws) up\s+(?:(?:a|the|their|its|joint)\s+)?|"
        r"drafted\s+(?:(?:a|the|their|its|joint)\s+)?)(?:[\w-]+\s+){0,2}?plan\b"
        r"(?=[^.;]*\b(?:troops|soldiers|force|forces|deploy\w*|peacekeep\w*|military presence|"
        r"coalition)\b)",
        L,
        1.5,
    ),
    # "join Keir Starmer's coalition of the willing": the coalition is its possessor's
    _cue(
        "X's coalition",
        r"(?<=\w)['\u2019]s?\s+(?:(?:so-called|proposed|planned|new)\s+)?"
        r"coalition of the willing\b",
        L,
        1.5,
    ),
    _cue(
        "leads the coalition",
        rf"\b(?:co-)?(?:lead|leads|leading|led|spearhead\w*|head(?:s|ing)?|"
        rf"steer\w*|drive|drives|driving|drove|shap(?:e|es|ed|ing))\s+(?:(?:the|a|this|its|their|"
        rf"these)\s+)?(?:\w+\s+)?(?:{FORCE}|idea|proposal|concept|push)\b",
        L,
        1.5,
    ),
    # the verb frame of leading, active: "rallied a coalition", "championed the plan"
    _cue(
        "rallies a coalition",
        r"\b(?:rall(?:y|ies|ied|ying)|champion(?:s|ed|ing)?|push(?:es|ed|ing)?|"
        r"mobili[sz](?:e|es|ed|ing)|assembl(?:e|es|ed|ing)|marshal(?:s|led|ling)?|"
        r"orchestrat(?:e|es|ed|ing)|spearhead(?:s|ed|ing)?)(?!\s+(?:for|back|against|ahead))\s+"
        r"(?:(?:the|a|an|this|its|their|his|her)\s+)?(?:so-called\s+)?(?:[\w-]+\s+){0,2}?"
        r"(?:coalition|initiative|plan|effort|efforts|idea|proposal|concept)\b",
        L,
        1.5,
    ),
    # forming a new coalition is founding it ("would form a coalition of the willing"); forming
    # part of one, or the coalition's members forming it, is not
    _cue(
        "forms a coalition",
        r"\b(?:(?:will|would|could|shall|to|plan to|plans to)\s+)?(?:form|forms|forming|formed|"
        r"create|creates|creating|created|build|builds|building|built|establish|establishes|"
        r"establishing|established|put together|puts together|putting together)\s+"
        r"(?:a|an)\s+(?:new\s+)?(?:so-called\s+)?coalition\b",
        L,
        1.5,
    ),
    # recruiting others into the coalition is leading it ("urged European leaders to join the
    # coalition", "invited other countries to take part in the force")
    _cue(
        "urges others to join",
        r"\b(?:urg(?:e|es|ed|ing)|call(?:s|ed|ing)? on|invit(?:e|es|ed|ing)|"
        r"encourag(?:e|es|ed|ing)|appeal(?:s|ed|ing)? to|press(?:es|ed|ing)?)\s+"
        r"(?:[\w'-]+\s+){0,4}?to\s+(?:join|take part in|participate in|sign up to|contribute to)"
        r"\s+(?:[\w'-]+\s+){0,3}?(?:coalition|force|mission|initiative|effort)\b|"
        # pressing the others on: "urged his counterparts to press ahead with plans to deploy"
        r"\b(?:urg(?:e|es|ed|ing)|press(?:es|ed|ing)?|call(?:s|ed|ing)? on)\s+(?:his|her|their|"
        r"its)\s+(?:\w+\s+)?(?:counterparts|partners|allies|colleagues)\b(?:\s+[\w'-]+){0,5}?"
        r"\s+to\s+(?:press ahead|push ahead|move (?:ahead|forward)|step up|speed up|accelerate)\b",
        L,
        1.5,
    ),
    _cue(
        "have led efforts",
        r"\b(?:ha(?:ve|s)\s+)?(?:led|spearheaded)\s+(?:efforts|the push)",
        L,
        1.5,
    ),
    _cue(
        "hosts",
        r"\b(?:co-)?(?:host|hosts|hosted|hosting|convene[sd]?|convening|"
        r"co-chair\w*|chair(?:s|ed)?|organi[sz]e[sd]?)\b(?!(?:\s+(?:in|on|at)\s+[\w']+)?\s+by)",
        L,
        1.5,
    ),
    _cue("convened with", r"\bconvened with\b", L, 1.5),
    # the article's voice naming who leads: "despite good leadership from France and the UK"
    _cue(
        "leadership from",
        WANTED + r"\b(?:leadership|stewardship) (?:from|of|by)\b(?!\s+(?:the\s+)?(?:coalition|"
        r"force|mission|nato|eu|alliance|country|government|party))",
        L,
        1.5,
        after=True,
    ),
    # proposing the coalition itself is founding it ("Starmer has proposed a coalition of the
    # willing"); proposing a plan or an idea is not
    _cue(
        "proposed the coalition",
        r"\bpropos(?:e|es|ed|ing)\s+(?:(?:a|the|his|her|their|its)\s+)?(?:so-called\s+)?"
        r"\s*coalition of the willing\b",
        L,
        1.5,
    ),
    _cue(
        "host a facility",
        r"\bhost(?:s|ed|ing)?\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+'s\s+|[\w-]+\s+){0,2}?"
        r"(?:training\s+)?(?:cent(?:re|er)s?|bases?|hubs?|troops|forces|airfields?|training|"
        r"soldiers|units)\b",
        W,
        1.6,
    ),
    _cue(
        "venue",
        r"\b(?:took place|was held|were held|held|hosted|met|meeting|summit|gathered|gathering|"
        r"talks|convened)\b(?:\s+\w+){0,3}?\s+at\b(?!\s+the\s+invitation)",
        L,
        1.5,
        after=True,
    ),
    # a lead role named before the states that hold it: "The leading ones are Britain and France"
    _cue(
        "the leading ones are",
        r"\bthe (?:two )?(?:leading|lead) (?:ones|nations|countries|powers|states|members)\s+"
        r"(?:are|were|remain)\b",
        L,
        2.0,
        after=True,
    ),
    _cue("muster", r"\bmuster\b", L, 2.0),
    _cue("co-pilot", r"\bco-?pilot", L, 2.0),
    _cue("at the head of", r"\bat the (?:head|helm) of\b", L, 2.0),
    _cue(
        "initiators",
        r"\b(?:initiators?|architects?|driving force|co-founders?|(?:at|in) the forefront of|"
        r"(?:took|ha(?:ve|s) taken) the (?:lead|initiative)|"
        r"(?:are|were|as|remain) the leading (?:ones|nations|countries|powers|states|members))\b",
        L,
        1.5,
    ),
    # an apposition naming the role: "Starmer and Macron, the coalition's co-chairs, ..."
    _cue(
        "the coalition's chairs",
        r"\b(?:coalition|force|mission)'s\s+(?:two\s+)?(?:co-)?(?:chairs?|chairmen|leaders?|"
        r"founders?|hosts?|conveners?|organi[sz]ers?)\b",
        L,
        2.0,
    ),
    _cue(
        "own coalition",
        r"\b(?:his|her|their|its)\s+coalition\b(?!\s+(?:partners?|government|parties|party|"
        r"agreement|talks|allies))",
        L,
        1.5,
    ),
    _cue(
        "dubbed",
        r"\b(?:dubbed|christened|launched|set up|created|formed|creation of|formation of|"
        r"launch of)\b(?=.{0,80}"
        r"coalition of the willing)",
        L,
        1.0,
    ),
    # willing: ready, prepared, committed to contribute
    _cue(
        "ready to send",
        rf"\b(?:ready|prepared|willing|committed|determined|eager|able|happy|glad|keen|"
        rf"pledged|vowed|promised|agreed|offered|volunteered|signed up|plans|planning|"
        rf"(?:we|i|they|not|also|still|now) plan|"
        rf"intends?|intending|decided|going)\s+(?:and \w+ )?to\s+(?:\w+ ){{0,2}}{SEND}\b",
        W,
        1.5,
        negated=S,
    ),
    _cue(
        "readiness",
        rf"\b(?:readiness|willingness|preparedness)\s+to\s+(?:\w+ )?{SEND}",
        W,
        1.5,
        negated=S,
    ),
    _cue(
        "pledged troops",
        r"\b(?:pledged|offered|committed|promised)\s+(?:\w+\s+){0,4}?"
        r"(?:troops|soldiers|forces|personnel|jets|ships|aircraft|air defen[cs]e|company|"
        r"battalion|brigade|contingent|units?|vessels?|frigates?|minesweepers?|planes)\b",
        W,
        1.5,
    ),
    _cue(
        "declaration of intent",
        r"\bsigned\b.{0,40}\b(?:declaration|letter|statement|"
        r"framework|agreement)\b",
        W,
        1.2,
    ),
    _cue(
        "committing to",
        rf"\bcommit(?:ting|ted|s)?\s+to\s+(?:\w+\s+){{0,2}}"
        rf"(?:{SEND}|a multinational|supervis\w+|support\w*|the force|force|mission|coalition)\b",
        W,
        1.2,
    ),
    # a forecast, not a stance taken: "Japan is expected to take part in the force"
    _cue(
        "expected to join",
        r"\b(?:is|are|was|were)\s+(?:\w+\s+)?expected\s+to\s+(?:(?:take part|join|participate|"
        r"contribute|be part)\s+(?:in\s+|to\s+|of\s+)?(?:[\w-]+\s+){0,4}?(?:force|mission|"
        r"contingent|deployment|coalition)|(?:send|deploy)\s+(?:troops|soldiers|forces|personnel))\b",
        U,
        0.9,
    ),
    _cue(
        "would send",
        rf"\b(?:will|would|could|shall|can)\s+(?:\w+\s+)?{SEND}\b"
        r"(?!\s+(?:weapons|aid|money|funding))",
        W,
        0.8,
        negated=S,
    ),
    _cue(
        "proposed sending",
        r"\b(?:floated|proposed|proposing|raised|offered|put forward|suggested)\s+(?:the\s+)?"
        r"(?:idea|possibility|prospect|plan)?\s*(?:of\s+)?(?:sending|deploying|putting|"
        r"stationing|contributing)\b",
        W,
        1.5,
    ),
    _cue(
        "assume a role",
        r"\b(?:assume|assuming|take on|taking on|undertake|undertaking|shoulder|take over)\s+"
        r"(?:the\s+|a\s+)?(?:\w+\s+){0,2}(?:responsibility|mission|role|duty|task|command)\b",
        W,
        1.5,
        negated=S,
    ),
    _cue(
        "could be deployed",
        r"\b(?:will|would|could|can|shall)\s+(?:\w+\s+)?be\s+(?:deployed|sent|stationed|based|"
        r"dispatched)\b",
        W,
        0.8,
        negated=S,
    ),
    _cue(
        "might be deployed",
        r"\b(?:may|might)\s+(?:\w+\s+)?be\s+(?:deployed|sent|stationed|based|dispatched)\b",
        U,
        0.8,
    ),
    _cue(
        "military hubs",
        r"\b(?:establish\w*|set(?:ting)? up|build\w*|open\w*)\s+(?:\w+\s+){0,2}?(?:military\s+)?"
        r"(?:hubs?|bases?|coordination cent(?:er|re)s?)\b",
        W,
        1.2,
    ),
    _cue("bulk of troops", r"\b(?:bulk|backbone|core) of (?:the )?(?:troops|force)", W, 1.5),
    _cue("ready to station", r"\bready to\b", W, 0.8, negated=S),
    _cue(
        "backed the concept",
        rf"\b(?:back(?:ed|s)?|support(?:ed|s)?|endorsed)\s+(?:the\s+)?"
        rf"(?:concept|idea|deployment|sending|plan)\s+of\s+(?:\w+\s+)?(?:troops|{FORCE})",
        W,
        1.2,
        negated=S,
    ),
    _cue("endorsed the framework", r"\bendorsed the\b", W, 0.8),
    _cue(
        "boots on the ground",
        r"\b(?:put|send|deploy)\w*\s+(?:\w+\s+)?(?:troops|boots|"
        r"soldiers) on the ground",
        W,
        1.0,
        negated=S,
    ),
    _cue("supporting the force", r"\bsupport(?:ing)? the force\b", W, 1.0),
    # the weakest reading: a verb of contributing with the force as its object ("deploying
    # troops", "put boots on the ground", "join the coalition", "be part of the force"); the
    # negation, modality and condition machinery decides what it says about its holder
    _cue(
        "contributes to the force",
        rf"\b{SEND_ANY}\s+(?:(?:the|a|an|its|their|own|some|more|any|\w+(?:ish|ian|ch|se)|"
        rf"ground|peacekeeping|military|\d[\d,]*)\s+){{0,3}}{TROOPS}\b",
        W,
        0.6,
        negated=S,
    ),
    # conditional: only if stated conditions beyond the mission's premise are met
    # agreement in principle: "fundamentally ready", "ready in principle"
    _cue(
        "in principle",
        r"\bin principle\b|"
        r"\b(?:fundamentally|basically|principally)\s+(?:ready|willing|prepared)\b",
        C,
        1.5,
    ),
    # "there are many conditions that must be met", "under certain conditions"
    _cue(
        "conditional",
        r"\bconditional(?:ly)?\b(?!\s+(?:wording|language|tense|phrasing|formulations?|mood))|"
        r"\bconditions?\s+(?:attached|for)\b|\bconditions\s+(?:that|which)\s+"
        r"(?:must|have to|need to|would have to|should)\s+be\s+(?:met|fulfill?ed|satisfied)\b|"
        r"\b(?:under|on)\s+(?:certain|specific|strict|clear)\s+conditions\b",
        C,
        1.5,
    ),
    # undecided: open mind, might consider, not yet, unclear, a possibility
    _cue(
        "open mind",
        r"\bopen[- ]mind\w*|\bopen(?:ness)? to\b(?!\s+question)|\bopenness\b",
        U,
        1.5,
    ),
    # ready to talk about it is not ready to send: "willing to discuss the matter"
    _cue(
        "willing to discuss",
        r"\b(?:willing|ready|prepared|happy|open)\s+to\s+(?:discuss|talk about|look at|explore|"
        r"examine|study)\b",
        U,
        1.2,
    ),
    _cue(
        "not yet committed",
        r"\b(?:not|yet to)\s+(?:yet\s+)?(?:made|make|taken|take|given|give)\s+(?:any\s+|a\s+)?"
        r"(?:concrete|firm|final|formal|specific)?\s*(?:commitments?|decisions?|pledges?|choices?)|"
        r"\bbefore (?:taking on|making|giving) any (?:commitments?|pledges?|decisions?)",
        U,
        2.0,
    ),
    _cue(
        "undecided",
        r"\b(?:(?:will|would|is to|are to|must)\s+(?:only\s+|still\s+)?be\s+decided|"
        r"decision (?:will|would) (?:only )?(?:be taken|be made|come)|"
        r"undecided|has(?:n't| not) (?:yet )?decided|have(?:n't| not) (?:yet )?"
        r"decided|no decision|not (?:yet )?decided|(?:expected|due|set|going) to decide|"
        r"will decide (?:later|next|in|on|when)|yet to (?:decide|be (?:finali[sz]ed|decided|"
        r"determined|settled))|(?:has|have|had)(?: not|n't) (?:yet )?been (?:settled|decided|"
        r"determined|finali[sz]ed))\b",
        U,
        1.5,
    ),
    _cue(
        "consider",
        r"\b(?:might|may|would|will|could)\s+(?:\w+\s+)?consider\b|"
        r"\bfavou?rably consider|\bconsidering\b|\bweighing\b|\bmulling\b",
        U,
        1.2,
        negated=S,
    ),
    _cue(
        "not rule out",
        rf"\b{NEG}\s+(?:\w+\s+){{0,2}}(?:rule[sd]?|ruling)\s+(?:it\s+|that\s+)?"
        r"out\b|\bwould not exclude|\bnot excluded|\b(?:has not|hasn't|have not|haven't|"
        r"did not|didn't|does not|doesn't|do not|don't) exclude",
        U,
        1.5,
    ),
    _cue(
        "unclear whether",
        r"\b(?:unclear|uncertain|not clear|undecided|undetermined)\b(?:[^;]{0,160},)?\s+"
        r"(?:whether|if)\b",
        U,
        1.5,
        after=True,
    ),
    _cue(
        "unclear",
        r"(?:(?<=\bis )|(?<=\bwas )|(?<=still )|(?<=remains )|(?<=remain )|(?<=it's )|"
        r"(?<=\bare )|(?<=\bwere ))(?:unclear|uncertain|not clear|in doubt|undetermined|"
        r"an open question)\b|\buncertainty\b",
        U,
        1.0,
    ),
    _cue(
        "questions to clarify",
        r"\b(?:questions|clarity|clarif\w+)\b.{0,40}\b(?:need|clarif\w*|"
        r"mandate|entail)",
        U,
        1.0,
    ),
    _cue("exploring", r"\bexplor\w+ (?:ways|options|how|whether)\b", U, 1.2),
    _cue(
        "door open", r"\b(?:leave|leaves|leaving|left|keep|keeps|keeping)\s+the door open\b", U, 1.5
    ),
    _cue("possibility", r"\b(?:possibility|possibly|probably|perhaps|potentially)\b", U, 0.6),
    _cue("may deploy", rf"\b(?:may|might)\s+(?:\w+\s+)?{SEND}\b", U, 1.0),
    _cue(
        "could take part",
        r"\bcould\s+(?:[\"']?\w+[\"']?\s+)?(?:take part|participate|join|involve|be part)\b",
        U,
        1.0,
    ),
    _cue(
        "needs a decision",
        r"\b(?:would|will|must)\s+(?:first\s+)?(?:need|require)\s+(?:a\s+)?(?:cabinet|government|"
        r"political)\s+(?:decision|sign[- ]?off|approval)\b",
        U,
        1.5,
    ),
    _cue(
        "not yet prepared", r"\bnot yet (?:\w+\s+){0,2}(?:prepared|ready|decided|clear)\b", U, 1.2
    ),
    _cue(
        "hurdles",
        r"\b(?:hurdles|obstacles|hesitan\w+|hesitation|evaded|non-committal|"
        r"noncommittal|less than a (?:stirring|ringing|full-throated|wholehearted))\b",
        U,
        1.0,
    ),
    _cue(
        "unwilling to say",
        r"\bunwilling to (?:\w+\s+)?say\b|\bwould not say\b|\b(?:cannot|can't|could not|"
        r"couldn't|did not|didn't|does not|doesn't)\s+(?:yet\s+|currently\s+)?say\b"
        r"(?:\s+\w+){0,3}\s+(?:whether|if|how|when)\b|\bremains? to be seen\b",
        U,
        1.5,
    ),
    _cue("candidates", r"\b(?:candidates?|likely) to (?:take part|join|contribute)\b", U, 0.5),
    # skeptical: declines to send troops or calls it premature, not opposing the coalition
    _cue(
        "no plans to send",
        rf"\b(?:no|not|never|n't)\s+(?:\w+\s+){{0,2}}(?:plans?|planning|"
        rf"intend\w*|intention|going|considering|considered|foresee\w*|envisage\w*|envision\w*|"
        rf"contemplat\w+|thinking about)\s+(?:of\s+|to\s+|on\s+)?(?:\w+\s+){{0,2}}{SEND}",
        S,
        2.0,
    ),
    _cue(
        "will not send",
        rf"\b(?:(?:will|would|shall|can|could|does|do|did|is|are)(?:\s+not|n't|\s+never)|won't)\s+"
        rf"(?:be\s+)?(?:\w+\s+)?(?:{SEND}|deployed|sent|involved\b(?!\s+in\s+(?:talks|"
        rf"negotiations|discussions|consultations)))",
        S,
        2.0,
    ),
    _cue(
        "decided not to send",
        rf"\b(?:decision|decided|decides|chose|chosen|opted|pledged|promised|vowed|plans?|"
        rf"intends?|prefers?) not to\s+(?:\w+\s+){{0,2}}{SEND}",
        S,
        2.0,
    ),
    _cue(
        "no participation",
        r"\bno\s+(?:\w+\s+)?(?:participation|troops|soldiers|boots|"
        r"deployment)\b(?=.{0,60}\b(?:planned|foreseen|envisaged|will|would))",
        S,
        2.0,
    ),
    _cue(
        "rules out",
        rf"\b(?:rule[sd]?|ruling)\s+out\b(?=\s*(?:[,.;]|$)|(?:\s+[\w'-]+){{0,5}}?\s+(?:{SEND}|"
        r"sending|deploy\w*|troops|soldiers|forces|boots|participat\w*|contribut\w*|involvement|"
        r"presence|idea|possibility|option|any|it|this|that|joining|peacekeep\w*|personnel|"
        r"contingents?|ground|military)\b)",
        S,
        2.0,
        negated=U,
    ),
    _cue(
        "not on the table",
        r"\b(?:never|not|nor|off)\s+(?:\w+\s+){0,3}(?:on\s+)?the\s+"
        r"(?:table|agenda)\b|\boff the table\b",
        S,
        2.0,
    ),
    _cue(
        "too early to say",
        r"\b(?:too (?:early|soon)|premature) to "
        r"(?:say|tell|decide|know|determine|speculate|judge)\b",
        U,
        1.5,
    ),
    # premature as to the details ("too early to discuss the details of a mission") is no
    # refusal of the mission
    _cue(
        "premature",
        r"\b(?:premature|too early|too soon)\b(?!\s+to\s+(?:discuss|talk about|speak about|"
        r"speak of|talk of|go into|speculate (?:on|about))\s+(?:the\s+)?(?:details|specifics|"
        r"modalities|exact|precise|numbers|shape|format|(?:concrete|specific|firm|exact)\s+"
        r"(?:commitments?|"
        r"contributions?|numbers|pledges?))\b)",
        S,
        1.5,
    ),
    _cue(
        "balked",
        r"\b(?:balk\w*|baulk\w*) at\b|\bshied away from\b|\bstopped short of\b|"
        r"\bresist\w* (?:calls|pressure) to\b|\b(?:shot|shoot|shoots|shooting) down\b|"
        r"\bpour(?:s|ed|ing)? cold water on\b",
        S,
        2.0,
    ),
    # "would provide logistics, but not troops": the refusal of troops outweighs the help
    _cue(
        "but not troops",
        r"\b(?:but|though|although|yet)\s+not\s+(?:\w+\s+)?(?:troops|soldiers|boots|"
        r"ground forces|combat forces|personnel)\b",
        S,
        2.5,
    ),
    _cue(
        "denied the possibility",
        r"\b(?:den(?:y|ies|ied|ying)|exclud\w+)\s+(?:\w+\s+){0,2}(?:possibility|option|prospect)\b",
        S,
        2.0,
        negated=U,
    ),
    _cue(
        "not an option",
        r"\b(?:not an option|no option|out of the question|not on the cards|a non-starter)\b",
        S,
        2.0,
    ),
    # declining to confirm, comment or say is about the question, not the force
    _cue(
        "refusal",
        r"\brefus(?:al|e|ed|es|ing)\b(?!\s+to\s+(?:confirm|comment|say|specify|disclose|name|"
        r"elaborate|reveal|detail|discuss|answer))|\bdeclin(?:e|ed|es|ing) to\b(?!\s+(?:confirm|"
        r"comment|say|specify|disclose|name|elaborate|reveal|detail|discuss|answer))",
        S,
        2.0,
    ),
    _cue(
        "rejects participation",
        r"\breject(?:s|ed|ing)?\s+(?:[\w'\"]+\s+){0,3}participation\b",
        S,
        2.0,
    ),
    _cue(
        "without own forces",
        r"\bwithout (?:providing|sending|committing|basing|deploying|"
        r"entering|putting)\b",
        S,
        1.5,
    ),
    _cue("skeptical", r"\bscepti\w+|\bskepti\w+|\breservations\b|\bwary\b|\breluctan\w+", S, 1.5),
    _cue("unlikely", r"\b(?:highly |very |most )?unlikely\b", S, 1.2),
    _cue(
        "sees no point",
        r"\b(?:see|sees|saw)\s+(?:no|little)\s+point\b|\b(?:do|does|did)(?:\s+not|n't)\s+see\s+"
        r"(?:any|much)\s+point\b",
        S,
        2.0,
    ),
    # outside the coalition, said of the nation: "the United States is not in the coalition"
    _cue(
        "not in the coalition",
        r"\b(?:is|are|was|were|remains?)\s+(?:not|no longer)\s+(?:\w+\s+)?(?:in|part of|a member "
        r"of|among the members of|inside)\s+(?:the\s+)?(?:so-called\s+)?coalition\b(?!['’]s)",
        S,
        1.4,
    ),
    # "there will not be US troops deployed to Ukraine": the nation's troops refused outright
    _cue(
        "there will be no X troops",
        r"\bthere (?:will|would|shall) (?:not be|be no|never be)\s+(?:[\w.-]+\s+){0,2}?"
        r"(?:troops|soldiers|boots on the ground|ground forces)\b",
        S,
        1.4,
    ),
    # no commitment made yet: "has made no clear commitment", "has yet to commit"
    _cue(
        "no commitment yet",
        r"\b(?:made|given|offered)\s+no\s+(?:\w+\s+)?commitments?\b|"
        r"\b(?:has|have|is|are)\s+yet to (?:commit|decide|make (?:a |any )?(?:\w+ )?"
        r"commitments?)\b",
        U,
        1.4,
    ),
    _cue(
        "not see a role",
        r"\b(?:do|does|did)(?:\s+not|n't)\s+see\s+(?:their|its|a|any)\s+role\b|"
        r"\b(?:see|sees|saw|seeing)\s+no\s+role\b",
        S,
        1.5,
    ),
    _cue(
        "complex and ineffective",
        r"\b(?:less effective|ineffective|risky|too risky|"
        r"highly complex|very complex|dangerous)\b",
        S,
        1.0,
    ),
    _cue(
        "no security guarantees",
        r"\bwithout any (?:security )?guarantees\b|\bover the heads "
        r"of\b",
        S,
        1.0,
    ),
    _cue(
        "withdraws support",
        r"\b(?:suspend\w*|cancel\w*|pull(?:s|ed|ing)? back|cut(?:s|ting)? "
        r"off|halt\w*|shut\w* down)\b.{0,40}\b(?:aid|support|intelligence|sharing)",
        S,
        1.0,
    ),
    _cue("other help instead", r"\b(?:other|different) (?:options|possibilities|ways)\b", S, 0.8),
    # opposed: rejects or condemns the coalition or the force, threatens to block it
    _cue(
        "rejects the force",
        rf"\b(?:reject\w*|oppos\w+|condemn\w*|denounc\w+|dismiss\w*|"
        rf"object\w*|against|deny|denies|denied)\b(?:\s+\w+){{0,5}}\s+(?:{FORCE}|presence|"
        r"plans?|idea|scenarios?|discussions?|proposals?|guarantees|moves?|steps?|initiative|"
        r"promises|pledges)\b",
        O,
        2.0,
        negated=U,
    ),
    _cue("rejection", r"\b(?:rejection|opposition)\b", O, 1.5),
    _cue(
        "rejects it",
        r"\b(?:reject\w*|oppos\w+|condemn\w*|denounc\w+)\s+(?:it|them|this|that|such (?:a |an )?"
        r"(?:\w+))\b",
        O,
        2.0,
    ),
    _cue(
        "will not accept troops",
        r"\b(?:not|never|n't|cannot)\s+(?:\w+\s+){0,2}(?:accept|tolerate|allow|agree to|consent to)"
        r"\b(?:\s+[\w'-]+){0,5}?\s+(?:troops|peacekeepers|forces|presence|contingents?|soldiers|"
        r"deployment|boots)\b",
        O,
        2.0,
    ),
    _cue(
        "legitimate targets",
        r"\blegitimate (?:military |combat )?targets?\b|\b(?:grave|serious|dire) consequences\b|"
        r"\b(?:considered|regarded|treated|seen)\s+as\s+(?:an?\s+)?(?:\w+\s+)?targets?\b|"
        r"\b(?:considered|regarded|treated)\s+(?:an?\s+)?(?:\w+\s+)?targets?\b|"
        r"\btreat\w*\s+(?:\w+\s+){0,3}?(?:troops|forces|soldiers|contingents?|units)\s+as\s+"
        r"(?:legitimate\s+)?(?:\w+\s+)?(?:targets?|combatants|occupiers|invaders)\b",
        O,
        2.0,
    ),
    _cue(
        "unacceptable",
        r"\bunacceptable\b|\bnegatively\b|\bcauses? (?:\w+ )?concern\b|"
        r"\bdirect threat\b|\b(?:an|a dangerous|a direct|catastrophic|dangerous|uncontrolled|"
        r"serious|further) escalation\b|\b(?:risk\w*|threaten\w*) (?:further )?escalat\w+|"
        r"\bprovocation\b|\b(?:reckless|irresponsible|madness|"
        r"provocative|insane)\b",
        O,
        1.5,
    ),
    _cue("openly unwilling", r"\b(?:openly |flatly )?unwilling\b(?! to (?:\w+ )?say)", O, 1.2),
    _cue(
        "threatens to block",
        r"\b(?:threaten\w*|vow\w*|move[sd]?) to (?:block|veto|stop)\b|"
        r"\bveto\b|\bblock(?:ed|ing)? (?:\w+ )?(?:statements?|decisions?|aid|support)|"
        r"\b(?:will|would|could|can|shall)\s+(?:\w+\s+)?(?:block|veto)\b",
        O,
        2.0,
    ),
    _cue(
        "war party",
        r"\bwar[- ]?(?:party|mong\w+|coalition|axis|bloc)|\bmilitary alliance\b|"
        r"\bnot (?:our|europe's) (?:war|fight)\b|\bgo to war\b|\bdie for\b",
        O,
        2.0,
    ),
    _cue(
        "cannot be a guarantee",
        r"\b(?:can ?not|could not|can't)\s+(?:\w+\s+){0,2}(?:be|play|"
        r"provide)\b.{0,30}\b(?:guarantee|role)",
        O,
        1.5,
    ),
)

# Negators that flip a cue when they come shortly before it.
# ("a lack of interest in offering troops" negates as "not" does)
NEGATION = re.compile(
    rf"\b{NEG}\b(?:\s+\w+){{0,2}}\s*$|\black(?:s|ed|ing)? of (?:\w+ )?(?:interest|appetite|"
    r"willingness|will|enthusiasm) (?:in|to|for)\s*$"
)

# Resolution order at one position: heaviest cue first (then table order).
CUE_ORDER = tuple(sorted(range(len(CUES)), key=lambda i: (-CUES[i].weight, i)))

# Convention h (docs/ingest.md): the signatories of a joint statement or declaration that backs
# the force are `willing`. What names such a text ("a joint statement", "the final
# declaration", "the communiqué"); what opens its list of signatories ("on behalf of the leaders
# of", "signed by", "the signatories included"); and a signing verb after its list ("X, Y and Z
# signed it"). A summit "attended by" its guests names no signatory.
JOINT_TEXT = re.compile(
    r"\b(?:joint|final|common|closing|concluding)\s+(?:\w+\s+)?(?:statement|declaration|"
    r"communiqu[eé]|text|document)s?\b|\bdeclarations?\b|\bcommuniqu[eé]s?\b|\bsignatories\b"
)
SIGNED_BY = re.compile(
    r"\b(?P<bare>by)(?=\s+(?:the\s+)?(?:\w+\s+)?(?:leaders?|heads? of (?:state|government)|"
    r"governments?)\s+(?:of|from)\b)|\b(?P<behalf>(?:(?:issued|made|released|signed)\s+)?on "
    r"behalf of)|\b(?P<verb>(?:co-?)?signed|"
    r"issued|endorsed|adopted) by|\bsignatories\s+(?:included|include|were|are|being)\b|"
    r"\bsignatories\s*:"
)
# What a marker of `SIGNED_BY` must follow to sign the joint text, not the force or a guest
# ("a multinational force, endorsed by the United States", "a summit where Macron spoke on
# behalf of France"): "on behalf of" right after the text "issued|made|signed"; "X-ed by" right
# after the text ("the joint declaration on the force was signed by"); "issued|endorsed|adopted
# by" only after a joint text ("a declaration issued by the White House" is one state's).
_TEXT = r"(?:statement|declaration|communiqu[eé]|text|document)s?"
_QUALIFIED = (
    r"(?:(?:joint|final|common|closing|concluding)\s+(?:\w+\s+)?" + _TEXT + r"|communiqu[eé]s?)"
)
BEHALF_OF_TEXT = re.compile(rf"\b{_TEXT},?\s+(?:(?:issued|made|released|signed)\s+)?$")
_ATTACHED = (
    r"(?:\s+(?:on|about|for|of|backing|supporting)\b[^,;:]{0,80}?)?,?\s+"
    r"(?:(?:was|were|is|are|has|have|had|been|being|also|jointly)\s+)*$"
)
SIGNED_TEXT = re.compile(rf"\b{_TEXT}{_ATTACHED}")
ISSUED_TEXT = re.compile(rf"\b{_QUALIFIED}{_ATTACHED}")
# An unqualified statement of several leaders names a text too ("A statement issued by 10
# European leaders said ...", "a statement by leaders from Germany, France, ...")
LEADERS_TEXT = re.compile(
    rf"\b{_TEXT}\s+(?:(?:issued|released|signed|made|agreed)\s+)?by\s+(?:the\s+)?"
    r"(?:\w+\s+){0,2}(?:leaders|heads of (?:state|government)|governments)\b"
)
# A later sentence that speaks of the text by name ("The statement was also signed by ..."),
# anywhere after it in the article
NAMES_TEXT = re.compile(
    r"\b(?:the|this|that|its)\s+(?:\w+\s+)?(?:statement|declaration|communiqu[eé]|text|"
    r"document)\b"
)
# A joint text that warns of, condemns or rejects the force does not back it (its issuers are
# left to the cues: "A declaration issued by Moscow warned that a multinational force would ...")
JOINT_AGAINST = re.compile(
    r"\b(?:warn\w*|condemn\w*|denounc\w*|reject\w*|oppos\w*|against|criticis\w*|criticiz\w*|"
    r"escalat\w*|refus\w*|rul\w+ out|provocat\w*|threat\w*|unacceptable|dangerous)\b"
)
# A sentence after the joint text that speaks of it ("The declaration ...", "It ...", "The
# proposed force ..."); any other sentence on the force is not the text's
REFERS_BACK = re.compile(
    r"^\W*(?:it|they)\b|\b(?:the|this|that|its)\s+(?:\w+\s+)?(?:statement|declaration|"
    r"communiqu[eé]|text|document)\b|\b(?:the|this)\s+proposed\b"
)
SIGNED_IT = re.compile(
    r"\b(?:signed|co-?signed|issued|endorsed|adopted|put their names to)\s+(?:it|them|the\s+"
    r"(?:\w+\s+){0,2}(?:statement|declaration|communiqu[eé]|text|document))\b"
)
