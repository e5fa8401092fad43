/*
 * Runs inside the page, after adaptivecards.js (Microsoft's renderer, UMD build). Exposes
 * window.cardChecker with:
 *   check(cardJson)  → parse events, validateProperties() failures, and object-model problems
 *                      (unknown types, properties the 1.5 object model does not know, properties
 *                      newer than 1.5), read from the renderer's own property schema;
 *   render(cardJson) → renders into #stage and returns its size, its text and HTML, and the text and
 *                      HTML of each TextBlock (facts included: the renderer makes them TextBlocks);
 *   markdown(text)   → the HTML the Markdown processor below makes of a TextBlock text.
 *
 * Markdown: the renderer processes TextBlock text (and so Fact.title/Fact.value, which it renders
 * as TextBlocks) only through AdaptiveCard.onProcessMarkdown. Teams processes a Markdown subset
 * there, so the page sets a small CommonMark-subset processor that mirrors it (see markdownToHtml).
 */
(function () {
  'use strict';
  var AC = window.AdaptiveCards;
  var V15 = new AC.Version(1, 5);
  var hostConfig;

  // ---------------------------------------------------------------------------------------------
  // Markdown, the subset Teams renders in TextBlock, Fact.title and Fact.value: **bold**, _italic_
  // (at word boundaries), [title](http(s) url), lines "- x" / "1. x" as lists, line breaks; and,
  // as in CommonMark, a backslash before ASCII punctuation shows that character (so text escaped
  // with plainText, src/cards/plain-text.ts, shows exactly as typed). Everything else — raw HTML
  // included — is shown as text: every character of the output is HTML-escaped, and markup is only
  // ever made from characters that were not backslash-escaped.
  // ---------------------------------------------------------------------------------------------

  var ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
  var HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  var SPACE = /\s/u;
  var BULLET_ITEM = /^\s{0,3}[-*+][ \t]+(.*)$/;
  var ORDERED_ITEM = /^\s{0,3}(\d{1,9})[.)][ \t]+(.*)$/;

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) { return HTML_ESCAPES[c]; });
  }

  /**
   * A line as units { ch, lit }: one per code point; a backslash-escaped ASCII punctuation
   * character becomes one unit with lit = true, which never counts as markup.
   */
  function unitsOf(line) {
    var chars = Array.from(line);
    var units = [];
    for (var i = 0; i < chars.length; i++) {
      if (chars[i] === '\\' && i + 1 < chars.length && ASCII_PUNCTUATION.indexOf(chars[i + 1]) >= 0) {
        units.push({ ch: chars[i + 1], lit: true });
        i++;
      } else {
        units.push({ ch: chars[i], lit: false });
      }
    }
    return units;
  }

  function isMark(units, i, ch) {
    return i >= 0 && i < units.length && !units[i].lit && units[i].ch === ch;
  }
  function isSpaceAt(units, i) {
    return i < 0 || i >= units.length || SPACE.test(units[i].ch);
  }
  function isWordAt(units, i) {
    return i >= 0 && i < units.length && WORD_CHAR.test(units[i].ch);
  }

  /** Index of the closing "**" for an opening one at `from`, or -1. */
  function closingBold(units, from, end) {
    if (isSpaceAt(units, from + 2)) return -1;
    for (var j = from + 3; j + 1 < end; j++) {
      if (isMark(units, j, '*') && isMark(units, j + 1, '*') && !isSpaceAt(units, j - 1)) return j;
    }
    return -1;
  }

  /** Index of the closing "_" for an opening one at `from` (both at word boundaries), or -1. */
  function closingItalic(units, from, end) {
    if (isWordAt(units, from - 1) || isSpaceAt(units, from + 1) || isMark(units, from + 1, '_')) return -1;
    for (var j = from + 2; j < end; j++) {
      if (isMark(units, j, '_') && !isSpaceAt(units, j - 1) && !isWordAt(units, j + 1) && !isMark(units, j + 1, '_')) return j;
    }
    return -1;
  }

  /** [title](http(s)://url) starting at `from`: { titleEnd, urlStart, urlEnd, url } or undefined. */
  function linkAt(units, from, end) {
    var close = -1;
    for (var j = from + 1; j < end; j++) {
      if (isMark(units, j, ']')) { close = j; break; }
      if (isMark(units, j, '[')) return undefined;
    }
    if (close <= from + 1 || !isMark(units, close + 1, '(')) return undefined;
    var url = '';
    for (var k = close + 2; k < end; k++) {
      if (isMark(units, k, ')')) {
        return /^https?:\/\/[^\s]+$/i.test(url) ? { titleEnd: close, urlEnd: k, url: url } : undefined;
      }
      if (SPACE.test(units[k].ch)) return undefined;
      url += units[k].ch;
    }
    return undefined;
  }

  /** HTML of units[start, end): emphasis and links from unescaped markup, everything else as text. */
  function inlineHtml(units, start, end) {
    var out = '';
    var i = start;
    while (i < end) {
      if (isMark(units, i, '*') && isMark(units, i + 1, '*')) {
        var b = closingBold(units, i, end);
        if (b > 0) {
          out += '<strong>' + inlineHtml(units, i + 2, b) + '</strong>';
          i = b + 2;
          continue;
        }
      } else if (isMark(units, i, '_')) {
        var e = closingItalic(units, i, end);
        if (e > 0) {
          out += '<em>' + inlineHtml(units, i + 1, e) + '</em>';
          i = e + 1;
          continue;
        }
      } else if (isMark(units, i, '[')) {
        var link = linkAt(units, i, end);
        if (link) {
          out += '<a href="' + escapeHtml(link.url) + '">' + inlineHtml(units, i + 1, link.titleEnd) + '</a>';
          i = link.urlEnd + 1;
          continue;
        }
      }
      out += escapeHtml(units[i].ch);
      i++;
    }
    return out;
  }

  function lineHtml(line) {
    var units = unitsOf(line);
    return inlineHtml(units, 0, units.length);
  }

  /** Blocks: paragraphs (separated by blank lines; a line break inside one is <br>) and lists. */
  function markdownToHtml(text) {
    var lines = String(text).replace(/\r\n?/g, '\n').split('\n');
    var html = '';
    var paragraph = [];
    var list; // { tag, items }
    function flushParagraph() {
      if (paragraph.length) html += '<p>' + paragraph.map(lineHtml).join('<br>') + '</p>';
      paragraph = [];
    }
    function flushList() {
      if (list) html += '<' + list.open + '>' + list.items.map(function (item) { return '<li>' + lineHtml(item) + '</li>'; }).join('') + '</' + list.tag + '>';
      list = undefined;
    }
    lines.forEach(function (line) {
      var bullet = BULLET_ITEM.exec(line);
      var ordered = bullet ? null : ORDERED_ITEM.exec(line);
      if (bullet || ordered) {
        flushParagraph();
        var tag = bullet ? 'ul' : 'ol';
        if (!list || list.tag !== tag) {
          flushList();
          var start = ordered ? parseInt(ordered[1], 10) : 1;
          list = { tag: tag, open: tag + (ordered && start !== 1 ? ' start="' + start + '"' : ''), items: [] };
        }
        list.items.push(bullet ? bullet[1] : ordered[2]);
      } else if (/^\s*$/.test(line)) {
        flushList();
        flushParagraph();
      } else {
        flushList();
        paragraph.push(line.replace(/^\s+/, ''));
      }
    });
    flushList();
    flushParagraph();
    return html;
  }

  AC.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = markdownToHtml(text);
    result.didProcess = true;
  };
  // Teams renders Markdown only in TextBlock and Fact texts, not in Input.Toggle / choice titles.
  AC.GlobalSettings.useMarkdownInRadioButtonAndCheckbox = false;
  // The renderer gives the first block of a TextBlock width: 100%; with a list's padding that
  // would overflow the card's column, so lists size their padding inside that width.
  var listStyle = document.createElement('style');
  listStyle.textContent = '.ac-textBlock ul, .ac-textBlock ol { box-sizing: border-box; }';
  document.head.appendChild(listStyle);

  function events(list) {
    return list.map(function (e) {
      return { phase: AC.ValidationPhase[e.phase], event: AC.ValidationEvent[e.event], message: e.message };
    });
  }

  function propertiesOf(obj) {
    var schema = obj.getSchema();
    var props = {};
    for (var i = 0; i < schema.getCount(); i++) {
      var p = schema.getItemAt(i);
      props[p.name] = p;
    }
    return props;
  }

  /**
   * Collections that the renderer's parse code reads itself (in internalParse), outside the
   * property schema; all exist since Adaptive Cards 1.0.
   */
  var COLLECTIONS = {
    AdaptiveCard: ['body', 'actions'],
    Container: ['items'],
    Column: ['items'],
    TableCell: ['items'],
    ColumnSet: ['columns'],
    ActionSet: ['actions'],
    Table: ['rows', 'columns'],
    TableRow: ['cells'],
    'Action.ShowCard': ['card'],
  };

  function instanceFor(type, parentKey) {
    if (type === 'AdaptiveCard') return new AC.AdaptiveCard();
    if (type === 'Column') return new AC.Column();
    if (typeof type === 'string' && type.indexOf('Action.') === 0) return AC.GlobalRegistry.actions.createInstance(type, V15);
    if (typeof type === 'string') return AC.GlobalRegistry.elements.createInstance(type, V15);
    if (parentKey === 'choices') return new AC.Choice();
    if (parentKey === 'facts') return new AC.Fact();
    if (parentKey === 'refresh') return new AC.RefreshDefinition();
    return undefined;
  }

  /** Every key of every object must be a property of its class in the renderer's 1.5 object model. */
  function objectModelProblems(node, path, parentKey, out) {
    if (Array.isArray(node)) {
      node.forEach(function (n, i) { objectModelProblems(n, path + '[' + i + ']', parentKey, out); });
      return out;
    }
    if (node === null || typeof node !== 'object') return out;
    var instance = instanceFor(node.type, parentKey);
    if (!instance) {
      out.push(path + ': unknown type ' + JSON.stringify(node.type) + ' (in "' + parentKey + '")');
      return out;
    }
    var props = propertiesOf(instance);
    Object.keys(node).forEach(function (key) {
      if (key === 'type') return;
      var prop = props[key];
      var isCollection = (COLLECTIONS[node.type] || []).indexOf(key) >= 0;
      if (!prop && !isCollection) out.push(path + ': ' + (node.type || parentKey) + ' has no property "' + key + '" in Adaptive Cards 1.5');
      else if (prop && prop.targetVersion.compareTo(V15) > 0) out.push(path + ': ' + (node.type || parentKey) + '.' + key + ' needs Adaptive Cards ' + prop.targetVersion.toString());
      if (key === 'data') return; // Action.Execute/Submit data is free-form
      var value = node[key];
      if (value !== null && typeof value === 'object') objectModelProblems(value, path + '.' + key, key, out);
    });
    return out;
  }

  function parse(json) {
    var context = new AC.SerializationContext(V15);
    var card = new AC.AdaptiveCard();
    card.hostConfig = hostConfig;
    card.parse(json, context);
    var parseEvents = [];
    for (var i = 0; i < context.eventCount; i++) parseEvents.push(context.getEventAt(i));
    return { card: card, parseEvents: events(parseEvents) };
  }

  window.cardChecker = {
    setHostConfig: function (json) {
      hostConfig = new AC.HostConfig(json);
    },
    check: function (json) {
      var parsed = parse(json);
      return {
        parseEvents: parsed.parseEvents,
        validation: events(parsed.card.validateProperties().validationEvents),
        objectModel: objectModelProblems(json, '$', 'root', []),
        version: parsed.card.version.toString(),
      };
    },
    render: function (json) {
      var parsed = parse(json);
      var stage = document.getElementById('stage');
      stage.innerHTML = '';
      var el = parsed.card.render();
      if (!el) return { width: 0, height: 0, text: '', html: '', textBlocks: [] };
      stage.appendChild(el);
      var box = stage.getBoundingClientRect();
      var textBlocks = Array.prototype.map.call(el.querySelectorAll('.' + hostConfig.makeCssClassName('ac-textBlock')), function (t) {
        return { text: t.innerText, html: t.innerHTML };
      });
      return { width: Math.round(box.width), height: Math.round(box.height), text: el.innerText, html: el.innerHTML, textBlocks: textBlocks };
    },
    markdown: markdownToHtml,
  };
})();
