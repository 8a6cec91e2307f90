/* Leerpad quiz scoring inside a SCORM package: the same rules, and the same rounding,
   as learn/assessment/scoring.py (question_credit, question_score, percentage) and
   learn/assessment/attempts.py (score_responses).
   tests/test_scorm_scoring_parity.py feeds both the same responses and compares.

   A response is null (unanswered) or, per kind:
     single / truefalse / judgement: an option id;
     multiple: an array of option ids;
     matching: an object of prompt id -> answer id;
     ordering: an array of item ids.
   A response naming unknown ids throws InvalidResponse, as in Python. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.LeerpadScoring = factory();
})(this, function () {
  "use strict";

  function InvalidResponse(message) {
    this.name = "InvalidResponse";
    this.message = message;
  }
  InvalidResponse.prototype = Object.create(Error.prototype);

  /* Python's round(x, digits): round half to even on the exact binary value.
     toFixed(100) gives the exact decimal expansion of any double we meet here. */
  function pyRound(x, digits) {
    if (!isFinite(x) || x === 0) return x;
    var negative = x < 0;
    var text = Math.abs(x).toFixed(100);
    var point = text.indexOf(".");
    var whole = text.slice(0, point);
    var fraction = text.slice(point + 1);
    var kept = whole + fraction.slice(0, digits);
    var rest = fraction.slice(digits);
    var first = rest.charAt(0);
    var beyond = /[1-9]/.test(rest.slice(1));
    var roundUp = first > "5" || (first === "5" && (beyond || Number(kept.charAt(kept.length - 1)) % 2 === 1));
    var digitsArray = kept.split("").map(Number);
    if (roundUp) {
      var i = digitsArray.length - 1;
      while (i >= 0) {
        if (digitsArray[i] === 9) { digitsArray[i] = 0; i -= 1; }
        else { digitsArray[i] += 1; break; }
      }
      if (i < 0) digitsArray.unshift(1);
    }
    var all = digitsArray.join("");
    var cut = all.length - digits;
    var result = Number(all.slice(0, cut) + (digits ? "." + all.slice(cut) : ""));
    return negative ? -result : result;
  }

  function isEmpty(response) {
    if (response === null || response === undefined || response === "") return true;
    if (Array.isArray(response)) return response.length === 0;
    if (typeof response === "object") return Object.keys(response).length === 0;
    return false;
  }

  function option(question, id) {
    for (var i = 0; i < question.options.length; i++) if (question.options[i].id === id) return question.options[i];
    return null;
  }

  function choice(question, response) {
    if (typeof response !== "string") throw new InvalidResponse("expected one option");
    var found = option(question, response);
    if (!found) throw new InvalidResponse("unknown option " + response);
    return found.credit;
  }

  function multiple(question, response) {
    if (!Array.isArray(response)) throw new InvalidResponse("expected a set of options");
    var chosen = {}, known = {}, correct = {};
    response.forEach(function (id) { chosen[id] = true; });
    question.options.forEach(function (o) { known[o.id] = true; if (o.credit === 1) correct[o.id] = true; });
    var chosenIds = Object.keys(chosen);
    chosenIds.forEach(function (id) { if (!known[id]) throw new InvalidResponse("unknown option " + id); });
    var correctCount = Object.keys(correct).length;
    var wrongCount = Object.keys(known).length - correctCount;
    var hits = chosenIds.filter(function (id) { return correct[id]; }).length;
    var misses = chosenIds.length - hits;
    if (question.scoring === "all_or_nothing") return hits === correctCount && misses === 0 ? 1.0 : 0.0;
    var hitShare = hits / correctCount;
    var missShare = wrongCount ? misses / wrongCount : 0.0;
    return Math.max(0.0, hitShare - missShare);
  }

  function matching(question, response) {
    if (typeof response !== "object" || Array.isArray(response)) throw new InvalidResponse("expected prompt to answer pairs");
    Object.keys(response).forEach(function (promptId) {
      var answerId = response[promptId];
      var emptyAnswer = answerId === "" || answerId === null;
      if (question.prompts.indexOf(promptId) < 0 || (!emptyAnswer && question.answers.indexOf(answerId) < 0)) {
        throw new InvalidResponse("unknown pair " + promptId + ": " + answerId);
      }
    });
    var right = question.pairs.filter(function (pair) {
      return Object.prototype.hasOwnProperty.call(response, pair[0]) && response[pair[0]] === pair[1];
    }).length;
    if (question.scoring === "all_or_nothing") return right === question.pairs.length ? 1.0 : 0.0;
    return right / question.pairs.length;
  }

  function ordering(question, response) {
    if (!Array.isArray(response)) throw new InvalidResponse("expected a sequence of items");
    var correct = question.items;
    if (response.slice().sort().join("\u0000") !== correct.slice().sort().join("\u0000") || response.length !== correct.length) {
      throw new InvalidResponse("the order must name every item exactly once");
    }
    var inPlace = 0;
    for (var i = 0; i < correct.length; i++) if (response[i] === correct[i]) inPlace += 1;
    if (question.scoring === "all_or_nothing") return inPlace === correct.length ? 1.0 : 0.0;
    return inPlace / correct.length;
  }

  var SCORERS = { single: choice, truefalse: choice, judgement: choice, multiple: multiple, matching: matching, ordering: ordering };

  function exactCredit(question, response) {
    if (isEmpty(response)) return 0.0;
    return SCORERS[question.kind](question, response);
  }

  /* Credit from 0 to 1, to 4 decimals. */
  function questionCredit(question, response) {
    return pyRound(exactCredit(question, response), 4);
  }

  /* Points: the unrounded credit times the weight, to 4 decimals. */
  function questionScore(question, response) {
    return pyRound(exactCredit(question, response) * question.points, 4);
  }

  /* Python's built-in sum() over floats, left to right (CPython 3.11). */
  function total(values) {
    var sum = 0;
    for (var i = 0; i < values.length; i++) sum += values[i];
    return sum;
  }

  function percentage(earned, maximum) {
    return maximum ? pyRound((100 * earned) / maximum, 1) : 0.0;
  }

  /* A whole attempt (score_responses): questions in the quiz's order, sums to 4 decimals. */
  function scoreAttempt(questions, responses) {
    var scores = questions.map(function (q) { return questionScore(q, responses[q.id]); });
    var earned = pyRound(total(scores), 4);
    var maximum = pyRound(total(questions.map(function (q) { return q.points; })), 4);
    return { scores: scores, earned: earned, maximum: maximum, percentage: percentage(earned, maximum) };
  }

  return {
    InvalidResponse: InvalidResponse,
    pyRound: pyRound,
    questionCredit: questionCredit,
    questionScore: questionScore,
    total: total,
    percentage: percentage,
    scoreAttempt: scoreAttempt
  };
});
