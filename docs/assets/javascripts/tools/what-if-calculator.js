/* What if? Change a case's scale inputs and every estimate that depends on them recomputes.
 *
 * This is the calculator; what-if.js (on every case page) shows the closed panel and loads this
 * file the first time a reader opens it, so a page view that never opens it does not pay for it.
 *
 * The page carries its numbers in one data attribute (written at build time by
 * src/fieldguide/numbers/what_if.py): inputs, estimates with their formulas, unit styles. This file
 * re-implements, without eval or Function, exactly what the build uses:
 *   - the formula evaluator of src/fieldguide/numbers/estimates.py (Python expression grammar
 *     restricted to numbers, names, + - * / // % **, unary signs and 11 functions, with Python's
 *     float semantics for //, %, ** and round, and the same bounds), and
 *   - the number formatting of src/fieldguide/numbers/units.py (3 significant digits, halves
 *     rounded up on the shortest decimal form of the float, SI prefixes, bytes, durations...).
 * tests/test_what_if.py runs this file in Node over every estimate of every case, with scaled
 * inputs, and over random formulas and values, and requires the same results as Python.
 *
 * Every number of the scale on the page is wrapped in <span data-number="NAME">; a change
 * rewrites the spans of the names whose value changed and marks them. Bad input leaves every
 * number as it was and says why next to the field. Nothing is stored.
 */
(function () {
  "use strict";

  /* ---- evaluator (mirrors fieldguide.numbers.estimates) ----------------------------------- */

  var MAX_FORMULA_CHARS = 400;
  var MAX_NODES = 200;
  var MAX_EXPONENT = 64;
  var MAX_MAGNITUDE = 1e30;
  var FUNCTIONS = {
    min: [2, 16], max: [2, 16], ceil: [1, 1], floor: [1, 1], round: [1, 1], log: [1, 2],
    exp: [1, 1], log2: [1, 1], log10: [1, 1], sqrt: [1, 1], abs: [1, 1]
  };
  var KEYWORDS = ("False None True and as assert async await break class continue def del elif " +
    "else except finally for from global if import in is lambda nonlocal not or pass raise " +
    "return try while with yield").split(" ");

  function FormulaError(message) {
    this.name = "FormulaError";
    this.message = message;
  }
  FormulaError.prototype = Object.create(Error.prototype);
  FormulaError.prototype.constructor = FormulaError;

  function fail(message) { throw new FormulaError(message); }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  var DIGITS = "[0-9](?:_?[0-9])*";
  var EXPONENT = "[eE][+-]?" + DIGITS;
  var NUMBER = new RegExp("^(?:" + [
    "0[xX](?:_?[0-9a-fA-F])+", "0[oO](?:_?[0-7])+", "0[bB](?:_?[01])+",
    "(?:" + DIGITS + ")?\\." + DIGITS + "(?:" + EXPONENT + ")?",
    DIGITS + "\\.(?:" + EXPONENT + ")?",
    DIGITS + EXPONENT,
    "[1-9](?:_?[0-9])*", "0+(?:_?0)*"
  ].join("|") + ")");
  var NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
  var OPERATORS = ["**", "//", "+", "-", "*", "/", "%", "(", ")", ","];

  function tokenize(text) {
    var tokens = [];
    var i = 0;
    while (i < text.length) {
      var rest = text.slice(i);
      var space = /^(?:[ \t\f\r\n]|\\\r?\n)+/.exec(rest);
      if (space) { i += space[0].length; continue; }
      if (rest[0] === "#") { // a comment runs to the end of the line
        var end = text.indexOf("\n", i);
        i = end < 0 ? text.length : end;
        continue;
      }
      var number = NUMBER.exec(rest);
      if (number && !/^[A-Za-z0-9_.]/.test(rest.slice(number[0].length))) {
        tokens.push({ kind: "number", text: number[0] });
        i += number[0].length;
        continue;
      }
      if (number || /^[0-9.]/.test(rest) && !/^\.[^0-9]/.test(rest)) {
        fail("not a valid formula: invalid number");
      }
      var name = NAME.exec(rest);
      if (name) {
        tokens.push({ kind: "name", text: name[0] });
        i += name[0].length;
        continue;
      }
      var op = OPERATORS.filter(function (o) { return rest.slice(0, o.length) === o; })[0];
      if (!op) fail("not a valid formula: unexpected " + JSON.stringify(rest[0]));
      tokens.push({ kind: "op", text: op });
      i += op.length;
    }
    tokens.push({ kind: "end", text: "" });
    return tokens;
  }

  function numberValue(text) {
    var clean = text.replace(/_/g, "");
    if (/^0[xXoObB]/.test(clean)) return Number(BigInt(clean.toLowerCase()));
    return Number(clean);
  }

  /* Python's grammar for the subset: expr := term (("+"|"-") term)*;
   * term := factor (("*"|"/"|"//"|"%") factor)*; factor := ("+"|"-") factor | power;
   * power := primary ["**" factor]; primary := atom ("(" args ")")*;
   * atom := NUMBER | NAME | "(" expr ")". */
  function parse(text) {
    var tokens = tokenize(text);
    var at = 0;
    function peek() { return tokens[at]; }
    function take(kind, value) {
      var token = tokens[at];
      if (token.kind !== kind || (value !== undefined && token.text !== value)) {
        fail("not a valid formula: expected " + (value || kind) + ", found " +
          (token.kind === "end" ? "the end" : JSON.stringify(token.text)));
      }
      at += 1;
      return token;
    }
    function isOp(values) { return peek().kind === "op" && values.indexOf(peek().text) >= 0; }
    function expr() {
      var node = term();
      while (isOp(["+", "-"])) node = { type: "bin", op: take("op").text, left: node, right: term() };
      return node;
    }
    function term() {
      var node = factor();
      while (isOp(["*", "/", "//", "%"])) {
        node = { type: "bin", op: take("op").text, left: node, right: factor() };
      }
      return node;
    }
    function factor() {
      if (isOp(["+", "-"])) return { type: "unary", op: take("op").text, operand: factor() };
      return power();
    }
    function power() {
      var node = primary();
      if (isOp(["**"])) { take("op"); node = { type: "bin", op: "**", left: node, right: factor() }; }
      return node;
    }
    function primary() {
      var node = atom();
      while (isOp(["("])) {
        take("op", "(");
        var args = [];
        while (!isOp([")"])) {
          args.push(expr());
          if (!isOp([")"])) take("op", ",");
        }
        take("op", ")");
        if (node.type !== "name" || !has(FUNCTIONS, node.id)) {
          fail("only these functions may be called: " + Object.keys(FUNCTIONS).sort().join(", "));
        }
        var range = FUNCTIONS[node.id];
        if (args.length < range[0] || args.length > range[1]) {
          fail(node.id + "() takes " + range[0] + ".." + range[1] + " arguments, found " +
            args.length);
        }
        node = { type: "call", id: node.id, args: args };
      }
      return node;
    }
    function atom() {
      var token = peek();
      if (token.kind === "number") {
        at += 1;
        if (/[jJ]$/.test(token.text)) fail("expected a number, found " + token.text);
        return { type: "number", value: numberValue(token.text) };
      }
      if (token.kind === "name") {
        at += 1;
        if (KEYWORDS.indexOf(token.text) >= 0) fail("expected a number, found " + token.text);
        return { type: "name", id: token.text };
      }
      take("op", "(");
      if (isOp([")"])) fail("tuple is not allowed in a formula");
      var inner = expr();
      if (isOp([","])) fail("tuple is not allowed in a formula");
      take("op", ")");
      return inner;
    }
    if (text.length > MAX_FORMULA_CHARS) {
      fail("expected a formula of at most " + MAX_FORMULA_CHARS + " characters");
    }
    if (!text.trim()) fail("expected a formula, found an empty string");
    var tree = expr();
    take("end");
    if (countNodes(tree) > MAX_NODES) fail("expected at most " + MAX_NODES + " terms in a formula");
    return tree;
  }

  /* As Python's ast.walk counts them: a name brings its load context, an operation its operator. */
  function countNodes(node) {
    if (node.type === "number") return 1;
    if (node.type === "name") return 2;
    if (node.type === "unary") return 2 + countNodes(node.operand);
    if (node.type === "bin") return 2 + countNodes(node.left) + countNodes(node.right);
    return node.args.reduce(function (sum, arg) { return sum + countNodes(arg); }, 3);
  }

  function namesOf(node, found) {
    found = found || [];
    if (node.type === "name" && found.indexOf(node.id) < 0) found.push(node.id);
    if (node.type === "unary") namesOf(node.operand, found);
    if (node.type === "bin") { namesOf(node.left, found); namesOf(node.right, found); }
    if (node.type === "call") node.args.forEach(function (a) { namesOf(a, found); });
    return found;
  }

  function bounded(value) {
    if (typeof value !== "number" || !isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) {
      fail("result out of range (larger than 1e+30)");
    }
    return value;
  }

  function copysignZero(sign) { return sign < 0 || Object.is(sign, -0) ? -0 : 0; }

  /* CPython's float floor division and remainder (Objects/floatobject.c). */
  function divmod(vx, wx) {
    if (wx === 0) fail("division by zero");
    var mod = vx % wx;
    var div = (vx - mod) / wx;
    if (mod) {
      if ((wx < 0) !== (mod < 0)) { mod += wx; div -= 1; }
    } else {
      mod = copysignZero(wx);
    }
    var floordiv;
    if (div) {
      floordiv = Math.floor(div);
      if (div - floordiv > 0.5) floordiv += 1;
    } else {
      floordiv = copysignZero(vx / wx);
    }
    return [floordiv, mod];
  }

  function pow(v, w) {
    if (w === 0 || v === 1) return 1;
    if (v === 0 && w < 0) fail("division by zero");
    if (v < 0 && w !== Math.floor(w)) fail("cannot compute: a negative number to a fractional power");
    return Math.pow(v, w);
  }

  function positive(x) {
    if (!(x > 0)) fail("cannot compute: math domain error");
    return x;
  }

  function roundHalfAway(x) {
    var t = Math.trunc(x);
    if (Math.abs(x - t) >= 0.5) t += Math.sign(x);
    return t;
  }

  var CALLS = {
    min: function (args) {
      return args.reduce(function (best, x) { return x < best ? x : best; });
    },
    max: function (args) {
      return args.reduce(function (best, x) { return x > best ? x : best; });
    },
    ceil: function (args) { return Math.ceil(args[0]) + 0; },
    floor: function (args) { return Math.floor(args[0]) + 0; },
    round: function (args) { // Python's round(): halves to even
      var x = args[0];
      var r = roundHalfAway(x);
      if (Math.abs(x - r) === 0.5) r = 2 * roundHalfAway(x / 2);
      return r + 0;
    },
    log: function (args) {
      var num = Math.log(positive(args[0]));
      if (args.length === 1) return num;
      var den = Math.log(positive(args[1]));
      if (den === 0) fail("division by zero");
      return num / den;
    },
    exp: function (args) { return Math.exp(args[0]); },
    log2: function (args) { return Math.log2(positive(args[0])); },
    log10: function (args) { return Math.log10(positive(args[0])); },
    sqrt: function (args) {
      if (args[0] < 0) fail("cannot compute: math domain error");
      return Math.sqrt(args[0]);
    },
    abs: function (args) { return Math.abs(args[0]); }
  };

  function binary(op, left, right) {
    switch (op) {
      case "+": return left + right;
      case "-": return left - right;
      case "*": return left * right;
      case "/": if (right === 0) fail("division by zero"); return left / right;
      case "//": return divmod(left, right)[0];
      case "%": return divmod(left, right)[1];
      default: return pow(left, right);
    }
  }

  function evalNode(node, values) {
    switch (node.type) {
      case "number": return bounded(node.value);
      case "name":
        if (!has(values, node.id)) {
          fail(has(FUNCTIONS, node.id)
            ? node.id + " is a function; call it as " + node.id + "(...)"
            : "undeclared name(s): " + node.id);
        }
        return bounded(values[node.id]);
      case "unary": {
        var operand = evalNode(node.operand, values);
        return node.op === "-" ? -operand : operand;
      }
      case "bin": {
        var left = evalNode(node.left, values);
        var right = evalNode(node.right, values);
        if (node.op === "**" && Math.abs(right) > MAX_EXPONENT) {
          fail("exponent larger than " + MAX_EXPONENT);
        }
        return bounded(binary(node.op, left, right));
      }
      default:
        return bounded(CALLS[node.id](node.args.map(function (a) { return evalNode(a, values); })));
    }
  }

  function evaluate(formula, values) {
    return evalNode(typeof formula === "string" ? parse(formula) : formula, values);
  }

  /* ---- decimal arithmetic for formatting (mirrors Python's decimal as units.py uses it) ---- */

  /* A decimal number: sign, coefficient (BigInt >= 0), exponent: (-1)^neg * c * 10^e. */
  function dec(neg, c, e) { return { neg: neg && c !== 0n, c: c, e: e }; }

  /* The shortest decimal form of a float, as Python's repr and JavaScript's String give it. */
  function fromFloat(x) {
    var match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(x)));
    var fraction = match[2] || "";
    return dec(x < 0, BigInt(match[1] + fraction), parseInt(match[3] || "0", 10) - fraction.length);
  }

  function fromString(text) {
    var match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    var fraction = match[3] || "";
    return dec(match[1] === "-", BigInt(match[2] + fraction), -fraction.length);
  }

  function digitCount(c) { return c === 0n ? 1 : c.toString().length; }
  function adjusted(d) { return d.e + digitCount(d.c) - 1; }
  function ten(n) { return 10n ** BigInt(n); }
  function isZero(d) { return d.c === 0n; }
  function abs(d) { return dec(false, d.c, d.e); }
  function negate(d) { return dec(!d.neg, d.c, d.e); }
  function mulInt(d, k) { return dec(d.neg, d.c * BigInt(k), d.e); }

  /* Division by a positive integer, rounded to 28 significant digits, halves to even (Python's
   * default decimal context). */
  function divInt(d, k) {
    var b = BigInt(k);
    if (d.c === 0n) return dec(d.neg, 0n, 0);
    var shift = 28 + digitCount(b) - digitCount(d.c) + 1;
    if (shift < 0) shift = 0;
    var n = d.c * ten(shift);
    var q = n / b;
    var sticky = n % b !== 0n;
    var drop = digitCount(q) - 28;
    var e = d.e - shift;
    if (drop > 0) {
      var p = ten(drop);
      var keep = q / p;
      var rest = q % p;
      var twice = 2n * rest;
      if (twice > p || (twice === p && (sticky || keep % 2n === 1n))) keep += 1n;
      else if (twice === p && !sticky && keep % 2n === 0n) { /* tie, already even */ }
      q = keep;
      e += drop;
    }
    return dec(d.neg, q, e);
  }

  function compare(a, b) { // a and b not negative
    var e = Math.min(a.e, b.e);
    var x = a.c * ten(a.e - e);
    var y = b.c * ten(b.e - e);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /* Quantize to exponent qe, halves away from zero; returns the coefficient at that exponent. */
  function quantizeHalfUp(d, qe) {
    if (d.e >= qe) return d.c * ten(d.e - qe);
    var p = ten(qe - d.e);
    var keep = d.c / p;
    if (2n * (d.c % p) >= p) keep += 1n;
    return keep;
  }

  function groupThousands(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  /* units.significant: round to 3 significant digits, drop trailing zeros after the point. */
  function significant(d, digits) {
    digits = digits || 3;
    if (isZero(d)) return "0";
    var magnitude = adjusted(d);
    var qe = magnitude - digits + 1;
    var c = quantizeHalfUp(d, qe);
    if (digitCount(c) - 1 + qe > magnitude) { // 9.995 -> 10.0: one digit fewer after the point
      c = quantizeHalfUp(dec(false, c, qe), qe + 1);
      qe += 1;
    }
    var decimals = Math.max(-qe, 0);
    var text = (c * ten(Math.max(qe, 0))).toString();
    if (decimals > 0) {
      text = text.padStart(decimals + 1, "0");
      text = groupThousands(text.slice(0, -decimals)) + "." + text.slice(-decimals);
      text = text.replace(/0+$/, "").replace(/\.$/, "");
    } else {
      text = groupThousands(text);
    }
    return (d.neg ? "-" : "") + text;
  }

  var SI = [[1e15, "P"], [1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
  var SI_FLOP = [[1e18, "E"], [1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];
  var BYTES = [[1e18, "EB"], [1e15, "PB"], [1e12, "TB"], [1e9, "GB"], [1e6, "MB"], [1e3, "kB"]];
  var DURATIONS = [[86400 * 365, "year", "years"], [86400, "day", "days"], [3600, "h", "h"],
    [60, "min", "min"], [1, "s", "s"]];
  var EXACT_BELOW = 100000;

  function scaled(value, table, joiner) {
    joiner = joiner || "";
    var exact = fromFloat(value);
    var rounded = fromString(significant(abs(exact)).replace(/,/g, ""));
    for (var i = 0; i < table.length; i++) {
      var factor = fromString(BigInt(table[i][0]).toString());
      if (compare(abs(rounded), factor) >= 0) {
        return significant(divInt(exact, table[i][0])) + joiner + table[i][1];
      }
    }
    return significant(exact);
  }

  function duration(seconds) {
    for (var i = 0; i < DURATIONS.length; i++) {
      var size = DURATIONS[i][0];
      if (Math.abs(seconds) >= size) {
        var text = significant(divInt(fromFloat(seconds), size));
        return text + " " + (text === "1" || text === "-1" ? DURATIONS[i][1] : DURATIONS[i][2]);
      }
    }
    if (Math.abs(seconds) >= 1e-3) return significant(mulInt(fromFloat(seconds), 1000)) + " ms";
    return significant(mulInt(fromFloat(seconds), 1000000)) + " µs";
  }

  function toFloat(d) { return (d.neg ? -1 : 1) * parseFloat(d.c.toString() + "e" + d.e); }

  function exactText(value) {
    if (Number.isInteger(value) && Math.abs(value) < EXACT_BELOW) {
      return (value < 0 ? "-" : "") + groupThousands(String(Math.abs(value)));
    }
    return null;
  }

  /* units.format_value: ``unit`` is the unit's name, ``spec`` its {style, suffix}. */
  function formatValue(value, unit, spec) {
    var flops = unit.indexOf("flops") === 0;
    var text;
    if (spec.style === "si" || spec.style === "plain") {
      var exact = exactText(value);
      if (exact !== null) return exact + (flops ? " " : "") + spec.suffix;
    }
    if (spec.style === "si") {
      text = scaled(value, flops ? SI_FLOP : SI, flops ? " " : "");
      if (flops && /[0-9]$/.test(text)) text += " ";
      return text + spec.suffix;
    }
    if (spec.style === "bytes") {
      text = scaled(value, BYTES, " ");
      if (/[0-9]$/.test(text)) text += " B";
      return text + spec.suffix;
    }
    if (spec.style === "duration_s") return duration(value);
    if (spec.style === "duration_ms") return duration(toFloat(divInt(fromFloat(value), 1000)));
    if (spec.style === "percent") return significant(mulInt(fromFloat(value), 100)) + "%";
    if (spec.style === "usd") {
      text = scaled(Math.abs(value), SI);
      if (/^[0-9,]+\.[0-9]$/.test(text)) text += "0"; /* money to the cent: $1.50 */
      return (value < 0 ? "-$" : "$") + text;
    }
    return significant(fromFloat(value)) + spec.suffix;
  }

  /* Every estimate of a case, in order, with the inputs in ``values``: {name: number} for those
   * computed and {name: message} for those that failed (or use one that failed). */
  function computeAll(data, values) {
    var known = Object.create(null); // no inherited names: an input may be called "constructor"
    data.inputs.forEach(function (item) {
      known[item.name] = has(values, item.name) ? values[item.name] : item.value;
    });
    var results = Object.create(null);
    var errors = Object.create(null);
    data.estimates.forEach(function (est) {
      try {
        var tree = est.tree || (est.tree = parse(est.formula));
        var broken = namesOf(tree).filter(function (n) { return n in errors; });
        if (broken.length) { errors[est.name] = "uses " + broken.join(", "); return; }
        results[est.name] = known[est.name] = evaluate(tree, known);
      } catch (error) {
        if (!(error instanceof FormulaError)) throw error;
        errors[est.name] = error.message;
      }
    });
    return { values: results, errors: errors };
  }

  var api = {
    parse: parse, evaluate: evaluate, formatValue: formatValue, significant: function (x) {
      return significant(fromFloat(x));
    }, computeAll: computeAll, FormulaError: FormulaError, functions: FUNCTIONS,
    limits: { chars: MAX_FORMULA_CHARS, nodes: MAX_NODES, exponent: MAX_EXPONENT, magnitude: MAX_MAGNITUDE }
  };

  /* ---- the panel --------------------------------------------------------------------------- */

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Fill the panel ``details`` (made by what-if.js, summary included) of ``container``. Throws
   * on unreadable data: what-if.js says so in the panel. */
  function mount(container, details, index) {
    var data = JSON.parse(container.getAttribute("data-whatif"));
    var scope = container.closest("article") || document;
    var byName = Object.create(null);
    data.inputs.forEach(function (item) {
      byName[item.name] = item;
      if (!has(item, "min")) item.min = 0; // the usual range (numbers/what_if.py DEFAULT_RANGE)
      if (!has(item, "max")) item.max = MAX_MAGNITUDE;
    });
    data.estimates.forEach(function (est) { byName[est.name] = est; });
    var current = Object.create(null);
    data.inputs.forEach(function (item) { current[item.name] = item.value; });
    var prefix = "fg-whatif-" + index + "-";

    details.appendChild(element("p", {}, "Change an input: every estimate that depends on it is " +
      "recomputed with the formulas above, here and wherever this page quotes it. Changed " +
      "numbers are highlighted; the others stay as they are."));
    var fieldset = element("fieldset", { "class": "fg-whatif__inputs" });
    fieldset.appendChild(element("legend", {}, "Scale inputs"));
    var fields = Object.create(null);
    data.inputs.forEach(function (item, i) {
      var id = prefix + i;
      var row = element("div", { "class": "fg-whatif__field" });
      var label = element("label", { "for": id }, item.label + " ");
      label.appendChild(element("code", {}, item.name));
      var input = element("input", {
        type: "number", id: id, step: "any", inputmode: "decimal",
        "aria-describedby": id + "-now " + id + "-error"
      });
      if (item.min > -MAX_MAGNITUDE) input.setAttribute("min", String(item.min));
      if (item.max < MAX_MAGNITUDE) input.setAttribute("max", String(item.max));
      input.value = String(item.value);
      var now = element("span", { id: id + "-now", "class": "fg-whatif__now" });
      var error = element("span", { id: id + "-error", "class": "fg-whatif__error" });
      row.appendChild(label);
      row.appendChild(input);
      row.appendChild(now);
      row.appendChild(error);
      fieldset.appendChild(row);
      fields[item.name] = { input: input, now: now, error: error, item: item };
      input.addEventListener("input", function () { change(item.name); });
    });
    details.appendChild(fieldset);
    var reset = element("button", { type: "button", "class": "md-button fg-whatif__reset" },
      "Reset to the case's values");
    details.appendChild(reset);
    var status = element("p", { role: "status", "class": "fg-whatif__status" });
    details.appendChild(status);

    var table = element("table");
    table.appendChild(element("caption", {}, "Estimates with the inputs above"));
    var head = element("tr");
    ["Estimate", "Formula", "Result", "In the case"].forEach(function (title) {
      head.appendChild(element("th", { scope: "col" }, title));
    });
    table.appendChild(element("thead")).appendChild(head);
    var body = table.appendChild(element("tbody"));
    data.estimates.forEach(function (est) {
      var shown = formatValue(est.value, est.unit, data.units[est.unit]);
      var row = element("tr");
      row.appendChild(element("td", {}, est.label));
      row.appendChild(element("td")).appendChild(element("code", {}, est.name + " = " + est.shownFormula));
      row.appendChild(element("td")).appendChild(
        element("span", { "data-number": est.name, "class": "fg-num" }, shown));
      row.appendChild(element("td", {}, shown));
      body.appendChild(row);
    });
    var wrap = element("div", { "class": "fg-whatif__scroll", tabindex: "0", role: "region",
      "aria-label": "Estimates with the inputs above" });
    wrap.appendChild(table);
    details.appendChild(wrap);

    function show(name, value) {
      var spec = data.units[byName[name].unit];
      var text = formatValue(value, byName[name].unit, spec);
      var changed = value !== byName[name].value;
      scope.querySelectorAll('[data-number="' + name + '"]').forEach(function (span) {
        if (span.textContent !== text) span.textContent = text;
        span.classList.toggle("fg-num--changed", changed);
      });
      return changed;
    }

    function setError(name, message) {
      var field = fields[name];
      field.error.textContent = message ? " " + message : "";
      if (message) field.input.setAttribute("aria-invalid", "true");
      else field.input.removeAttribute("aria-invalid");
    }

    function describe(name) {
      var field = fields[name];
      field.now.textContent = " = " + formatValue(current[name], field.item.unit,
        data.units[field.item.unit]);
    }

    function recompute() {
      var result = computeAll(data, current);
      var failed = Object.keys(result.errors);
      if (failed.length) return byName[failed[0]].label + ": " + result.errors[failed[0]];
      var changed = 0;
      data.inputs.forEach(function (item) { show(item.name, current[item.name]); });
      data.estimates.forEach(function (est) {
        if (show(est.name, result.values[est.name])) changed += 1;
      });
      status.textContent = changed === 0
        ? "Every estimate has the case's value."
        : changed + " of " + data.estimates.length + " estimates differ from the case's values.";
      return null;
    }

    function change(name) {
      var field = fields[name];
      var text = field.input.value.trim();
      var value = Number(text);
      var message = null;
      if (field.input.validity && field.input.validity.badInput || text !== "" && !isFinite(value)) {
        message = "Not a number; the page still shows the last value that worked.";
      } else if (text === "") {
        message = "Enter a number; the page still shows the last value that worked.";
      } else if (value < field.item.min || value > field.item.max) {
        message = (value < field.item.min
          ? "Enter a number of at least " + field.item.min
          : "Enter a number of at most " + field.item.max) +
          "; the page still shows the last value that worked.";
      }
      if (message === null) {
        var previous = current[name];
        current[name] = value;
        var problem = recompute();
        if (problem) {
          current[name] = previous;
          message = "Cannot compute " + problem + "; the page still shows the last value that worked.";
        }
      }
      setError(name, message);
      describe(name);
    }

    reset.addEventListener("click", function () {
      data.inputs.forEach(function (item) {
        current[item.name] = item.value;
        fields[item.name].input.value = String(item.value);
        setError(item.name, null);
        describe(item.name);
      });
      recompute();
      status.textContent = "Reset: every estimate has the case's value.";
    });

    data.inputs.forEach(function (item) { describe(item.name); });
  }

  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    window.fieldguideWhatIf = { mount: mount };
  }
})();
