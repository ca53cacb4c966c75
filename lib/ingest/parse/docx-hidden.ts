import { decodeXmlText } from './xml-text';

/**
 * Word's hidden text (`<w:vanish/>`): invisible in Word, but mammoth and every other text
 * extractor read it, which makes it the place to hide an instruction for the model
 * (docs: hostile-inputs.md). A run is hidden by its own properties, else by its character
 * style, else by its paragraph's style (styles inherit through basedOn); `w:val="0"` unhides.
 * `w:webHidden` is not hidden text: Word prints it (TOC page numbers), so it stays.
 */

// Innermost elements only: a text box puts whole paragraphs inside a run, so a lazy match from
// an outer start tag would swallow its neighbours. Self-closing tags (`<w:p/>`) are not starts.
const PARAGRAPH = /<w:p(?:\s[^>]*)?(?<!\/)>(?:(?!<w:p[\s>])[\s\S])*?<\/w:p>/g;
const RUN = /<w:r(?:\s[^>]*)?(?<!\/)>(?:(?!<w:r[\s>])[\s\S])*?<\/w:r>/g;
const STYLE = /<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g;
const TEXT = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g;

export interface HiddenStyles {
  /** Some style hides its text, so every part has to be checked run by run. */
  any: boolean;
  isHidden(styleId: string | undefined): boolean | undefined;
}

/** true / false when the properties say so, undefined when they do not mention vanish. */
function vanishIn(properties: string | undefined): boolean | undefined {
  const m = properties?.match(/<w:vanish\b([^>]*)\/?>/);
  if (!m) return undefined;
  const val = m[1].match(/w:val="([^"]*)"/)?.[1];
  return !(val === '0' || val === 'false' || val === 'off');
}

function attr(tag: string, name: string): string | undefined {
  return tag.match(new RegExp(`${name}="([^"]*)"`))?.[1];
}

/** Reads which styles hide their text from styles.xml. */
export function readHiddenStyles(stylesXml: string): HiddenStyles {
  const own = new Map<string, { vanish: boolean | undefined; basedOn: string | undefined }>();
  for (const [, attrs, body] of stylesXml.matchAll(STYLE)) {
    const id = attr(attrs, 'w:styleId');
    if (!id) continue;
    const rPr = body.match(/<w:rPr>([\s\S]*?)<\/w:rPr>/)?.[1];
    own.set(id, { vanish: vanishIn(rPr), basedOn: body.match(/<w:basedOn w:val="([^"]*)"/)?.[1] });
  }
  return {
    any: [...own.values()].some((s) => s.vanish),
    isHidden(styleId) {
      // basedOn chains are short; the bound stops a cycle in a hand-made file.
      for (let id = styleId, depth = 0; id && depth < 20; depth++) {
        const style = own.get(id);
        if (!style) return undefined;
        if (style.vanish !== undefined) return style.vanish;
        id = style.basedOn;
      }
      return undefined;
    },
  };
}

export interface StrippedXml {
  xml: string;
  /** Characters of visible-to-nobody text that were removed. */
  hiddenChars: number;
}

/** Removes hidden runs from a WordprocessingML part (document, header, footer, comments). */
export function stripHiddenRuns(xml: string, styles: HiddenStyles): StrippedXml {
  let hiddenChars = 0;
  if (!styles.any && !xml.includes('<w:vanish')) return { xml, hiddenChars };
  const stripped = xml.replace(PARAGRAPH, (paragraph) => {
    const pPr = paragraph.match(/<w:pPr>([\s\S]*?)<\/w:pPr>/)?.[1];
    const paragraphHidden = styles.isHidden(pPr?.match(/<w:pStyle w:val="([^"]*)"/)?.[1]);
    return paragraph.replace(RUN, (run) => {
      const rPr = run.match(/^<w:r\b[^>]*>\s*<w:rPr>([\s\S]*?)<\/w:rPr>/)?.[1];
      const hidden = vanishIn(rPr) ?? styles.isHidden(rPr?.match(/<w:rStyle w:val="([^"]*)"/)?.[1]) ?? paragraphHidden ?? false;
      if (!hidden) return run;
      for (const [, text] of run.matchAll(TEXT)) hiddenChars += decodeXmlText(text).length;
      return '';
    });
  });
  return { xml: hiddenChars > 0 ? stripped : xml, hiddenChars };
}

export function hiddenTextWarning(chars: number): string {
  return `${chars} character${chars === 1 ? '' : 's'} of text formatted as hidden in Word ${chars === 1 ? 'was' : 'were'} left out of the index, so nothing invisible in the document can reach the model; unhide the text in Word and upload the file again if it should be searchable.`;
}
