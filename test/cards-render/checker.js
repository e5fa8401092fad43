/*
 * Runs inside the page, after adaptivecards.js (Microsoft's renderer, UMD build). Exposes
 * window.cardChecker with:
 *   check(cardJson)  → parse events, validateProperties() failures, and object-model problems
 *                      (unknown types, properties the 1.5 object model does not know, properties
 *                      newer than 1.5), read from the renderer's own property schema;
 *   render(cardJson) → renders into #stage and returns its size.
 */
(function () {
  'use strict';
  var AC = window.AdaptiveCards;
  var V15 = new AC.Version(1, 5);
  var hostConfig;

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
      if (!el) return { width: 0, height: 0, text: '' };
      stage.appendChild(el);
      var box = stage.getBoundingClientRect();
      return { width: Math.round(box.width), height: Math.round(box.height), text: el.innerText };
    },
  };
})();
