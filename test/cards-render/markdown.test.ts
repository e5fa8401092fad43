/**
 * The card page renders TextBlock and Fact texts through the Markdown subset Teams processes
 * (test/cards-render/checker.js: **bold**, _italic_, [title](url), "- x" / "1. x" lists, line
 * breaks, CommonMark backslash escapes), so the gallery shows what Teams shows:
 *  - text escaped with plainText (src/cards/plain-text.ts) renders exactly as typed, no markup;
 *  - unescaped Markdown really is processed (bold, italic, links, lists);
 *  - nothing typed can become HTML or a non-http(s) link.
 * Needs /usr/bin/chromium: skipped with a message elsewhere, required in CI.
 */
import assert from 'node:assert/strict';
import { plainText } from '../../src/cards/plain-text.js';
import type { Rendered } from '../../scripts/cards/card-page.js';
import { useCardPage } from './card-page-hook.js';


const TYPED = '**fett** <b>x</b> [link](http://x) 7.2.4 (build) 1. eins \\ back';
const TYPED_LINES = '- punkt\n1. eins\n2) zwei\n# Titel\n_kursiv_ a_b_c *stern* `code` &amp; ~~weg~~ |x| 10 %';

/** A card with the text in a TextBlock and as Fact.title and Fact.value. */
function cardWith(text: string): unknown {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text, wrap: true },
      { type: 'FactSet', facts: [{ title: text, value: text }] },
    ],
  };
}

/** The TextBlock, the Fact title and the Fact value, in this order. */
function threeTexts(r: Rendered): Rendered['textBlocks'] {
  assert.equal(r.textBlocks.length, 3, r.html);
  return r.textBlocks;
}

describe('Markdown in the card renderer page (Teams subset)', function () {
  this.timeout(60_000);
  const open = useCardPage();

  it('text escaped with plainText shows exactly as typed in a TextBlock, a Fact title and a Fact value', async () => {
    const escaped = plainText(TYPED);
    assert.notEqual(escaped, TYPED);
    const r = await open().render(cardWith(escaped));
    for (const block of threeTexts(r)) {
      assert.equal(block.text, TYPED);
      assert.doesNotMatch(block.html, /<(strong|em|a|b|ul|ol|li)[\s>]/i, block.html);
    }
    assert.equal(r.html.match(/<strong|<a[\s>]/gi), null);
  });

  it('plainText keeps several typed lines as lines, with no list, heading or emphasis', async () => {
    const r = await open().render(cardWith(plainText(TYPED_LINES)));
    for (const block of threeTexts(r)) {
      assert.equal(block.text, TYPED_LINES);
      assert.doesNotMatch(block.html, /<(strong|em|a|b|ul|ol|li|h\d|code|del)[\s>]/i, block.html);
    }
  });

  it('unescaped **bold** renders as <strong> (the processor is on), in a TextBlock and in Facts', async () => {
    const r = await open().render(cardWith('Status: **offen**'));
    for (const block of threeTexts(r)) {
      assert.match(block.html, /<strong>offen<\/strong>/, block.html);
      assert.equal(block.text, 'Status: offen');
    }
  });

  it('renders _italic_ at word boundaries only, http(s) links, lists and line breaks', async () => {
    const p = open();
    assert.equal(await p.markdown('_kursiv_ und snake_case_name'), '<p><em>kursiv</em> und snake_case_name</p>');
    assert.equal(await p.markdown('**a _b_ c**'), '<p><strong>a <em>b</em> c</strong></p>');
    assert.equal(await p.markdown('[Hilfe](https://example.org/a?b=1&c=2)'), '<p><a href="https://example.org/a?b=1&amp;c=2">Hilfe</a></p>');
    assert.equal(await p.markdown('- eins\n- zwei'), '<ul><li>eins</li><li>zwei</li></ul>');
    assert.equal(await p.markdown('Schritte:\r1. eins\r\n2. zwei'), '<p>Schritte:</p><ol><li>eins</li><li>zwei</li></ol>');
    assert.equal(await p.markdown('3. drei'), '<ol start="3"><li>drei</li></ol>');
    assert.equal(await p.markdown('Zeile 1\nZeile 2\n\nAbsatz'), '<p>Zeile 1<br>Zeile 2</p><p>Absatz</p>');
  });

  it('an escaped character never starts or ends markup, and nothing typed becomes HTML', async () => {
    const p = open();
    assert.equal(await p.markdown('\\**a**'), '<p>**a**</p>');
    assert.equal(await p.markdown('**a\\**'), '<p>**a**</p>');
    assert.equal(await p.markdown('\\_a_ _a\\_'), '<p>_a_ _a_</p>');
    assert.equal(await p.markdown('\\[t](https://x.org) [t\\](https://x.org) [t](https://x.org\\)'), '<p>[t](https://x.org) [t](https://x.org) [t](https://x.org)</p>');
    assert.equal(await p.markdown('\\- a\n1\\. b'), '<p>- a<br>1. b</p>');
    assert.equal(await p.markdown('[x](javascript:alert(1)) [y](data:text/html,z)'), '<p>[x](javascript:alert(1)) [y](data:text/html,z)</p>');
    assert.equal(await p.markdown('<img src=x onerror=alert(1)> &lt; "q" \'s\''), '<p>&lt;img src=x onerror=alert(1)&gt; &amp;lt; &quot;q&quot; &#39;s&#39;</p>');
    assert.equal(await p.markdown('[a](https://x.org/"><script>)'), '<p><a href="https://x.org/&quot;&gt;&lt;script&gt;">a</a></p>');
    assert.equal(await p.markdown('\\a \\\\ \\'), '<p>\\a \\ \\</p>');
  });
});
